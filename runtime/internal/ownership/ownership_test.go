package ownership

import (
	"regexp"
	"testing"

	"github.com/leaklint/leaklint/runtime/internal/exclude"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// parse reads one goroutine from a dump entry.
func parse(t *testing.T, entry string) stack.Goroutine {
	t.Helper()
	var g stack.Goroutine
	d := stack.NewDump([]byte(entry))
	if !d.Next(&g) {
		t.Fatalf("no goroutine in %q", entry)
	}
	return g
}

const (
	labelled3 = "goroutine 7 [chan receive labels:{\"leaklint.test\": \"3\"}]:\nexample.com/app.wait()\n\t/src/app/w.go:7 +0x1\ncreated by example.com/app.Start in goroutine 1\n\t/src/app/start.go:3 +0x2\n"
	labelled4 = "goroutine 8 [chan receive labels:{\"leaklint.test\": \"4\"}]:\nexample.com/app.wait()\n\t/src/app/w.go:7 +0x1\ncreated by example.com/app.Start in goroutine 1\n\t/src/app/start.go:3 +0x2\n"
)

// By label, a goroutine is the check's when it carries the check's value,
// never another check's, and not when an exclusion covers it.
func TestJudgeByLabel(t *testing.T) {
	j := Judge{Label: "3"}
	end := j.Begin()
	defer end()
	mine, other := parse(t, labelled3), parse(t, labelled4)
	if !j.Mine(&mine) || j.Classify(&mine, true) != Owned {
		t.Error("a goroutine with the check's label is not its own")
	}
	if j.Mine(&other) || j.Classify(&other, true) != NotOwned {
		t.Error("a goroutine with another check's label is taken")
	}
	if j.Undecided(&mine) {
		t.Error("a labelled goroutine is left to the adopter")
	}
	j.Ignore = exclude.Rules{Patterns: []*regexp.Regexp{regexp.MustCompile(`^example\.com/app\.wait$`)}}
	if j.Mine(&mine) {
		t.Error("an excluded goroutine is still the check's")
	}
}

// By snapshot, every goroutine not running when the check began is its.
func TestJudgeBySnapshot(t *testing.T) {
	g := parse(t, labelled4)
	j := Judge{Before: map[uint64]bool{1: true}}
	if !j.Mine(&g) {
		t.Error("a goroutine started after the snapshot is not the check's")
	}
	j.Before[g.ID] = true
	if j.Mine(&g) {
		t.Error("a goroutine in the snapshot is the check's")
	}
	if j.SawIdleConn() {
		t.Error("no idle connection was classified, yet one was seen")
	}
}
