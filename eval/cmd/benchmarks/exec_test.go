package main

import (
	"strings"
	"testing"
	"time"
)

func TestParseTimeV(t *testing.T) {
	out := `	Command being timed: "go vet ./..."
	User time (seconds): 46.31
	System time (seconds): 3.50
	Percent of CPU this job got: 64%
	Elapsed (wall clock) time (h:mm:ss or m:ss): 1:17.48
	Maximum resident set size (kbytes): 120972
	Exit status: 1
`
	u, err := parseTimeV(out)
	if err != nil {
		t.Fatal(err)
	}
	want := usage{Wall: 77480 * time.Millisecond, User: 46310 * time.Millisecond, Sys: 3500 * time.Millisecond, MaxRSSKiB: 120972, Exit: 1}
	if u != want {
		t.Errorf("got %+v, want %+v", u, want)
	}
	u, err = parseTimeV("\tElapsed (wall clock) time (h:mm:ss or m:ss): 1:02:03.5\n")
	if err != nil || u.Wall != time.Hour+2*time.Minute+3500*time.Millisecond {
		t.Errorf("hours: %v, %v", u.Wall, err)
	}
	if _, err := parseTimeV("Command exited with non-zero status 2\n"); err == nil {
		t.Error("output without a wall time parsed")
	}
}

func TestRenderKeepsSectionsNotRerun(t *testing.T) {
	prev := "# Benchmarks\n\n- date: old\n\n## A\n\nold a\n\n## B\n\nold b\n| x |\n"
	c := config{command: "go -C eval run ./cmd/benchmarks -sections b"}
	doc := string(render(c, []string{"A", "B"}, map[string]string{"B": "new b\n"}, map[string]bool{"B": true}, []byte(prev)))
	for _, want := range []string{"## A\n\nold a\n", "## B\n\nnew b\n", "not rerun by this command: A"} {
		if !strings.Contains(doc, want) {
			t.Errorf("missing %q in:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "old b") {
		t.Errorf("the rerun section kept its old body:\n%s", doc)
	}
}
