package main

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/leaklint/leaklint/eval/goker"
)

func gokerSection(ctx context.Context, c config) (string, error) {
	cases, err := goker.LoadExpectations()
	if err != nil {
		return "", err
	}
	o := goker.Options{
		Dir:     c.evalDir,
		BinDir:  filepath.Join(c.work, "goker-bin"),
		Tools:   goker.Tools,
		Reps:    c.reps,
		Timeout: c.timeout,
		Tags:    c.tags,
	}
	if c.tools != "" {
		want := map[string]bool{}
		for _, t := range strings.Split(c.tools, ",") {
			want[strings.TrimSpace(t)] = true
		}
		o.Tools = nil
		for _, t := range goker.Tools {
			if want[t.Child] {
				o.Tools = append(o.Tools, t)
			}
		}
		if len(o.Tools) == 0 {
			return "", fmt.Errorf("-tools %q names none of the GoKer tools", c.tools)
		}
	}
	if c.filter != "" {
		if o.Filter, err = regexp.Compile(c.filter); err != nil {
			return "", err
		}
	}
	logf, err := os.Create(filepath.Join(c.work, "goker-runs.log"))
	if err != nil {
		return "", err
	}
	defer logf.Close()
	o.Log = logf
	if err := goker.Build(ctx, o); err != nil {
		return "", err
	}
	runs := goker.RunAll(ctx, cases, o)
	var scores []goker.CaseScore
	var scored []goker.Case
	for _, cs := range cases {
		if o.Filter != nil && !o.Filter.MatchString(cs.Name) {
			continue
		}
		scored = append(scored, cs)
		for _, t := range goker.ScoredTools(o.Tools) {
			scores = append(scores, goker.Score(cs, t.Name, runs))
		}
	}
	log.Printf("goker: %d runs, log in %s", len(runs), logf.Name())

	var b strings.Builder
	fmt.Fprintf(&b, "Corpus: the %d programs of `$(go env GOROOT)/src/runtime/testdata/testgoroutineleakprofile` that Go's `TestGoroutineLeakProfile` scores (GoKer, the common patterns, the micro and stress tests), adapted by `eval/cmd/gokersync` so that each scenario runs under any detector. Expected leaks are read from `$(go env GOROOT)/src/runtime/goroutineleakprofile_test.go`. ", len(scored))
	fmt.Fprintf(&b, "Each program runs %d time(s) per tool, each run in its own process bounded by %v, with `GODEBUG=asyncpreemptoff=1` (and `GOMAXPROCS=1` for the non-flaky cases), as in Go's test. ", c.reps, c.timeout)
	b.WriteString("A program counts as detected when at least one of its expected leaks is reported in some run; a report matching none of the program's expected leaks (matched as Go's test does: outermost frame and wait reason) is a false alarm. Flaky programs may legitimately show no leak in a run. ")
	b.WriteString("goleak runs `goleak.Find(goleak.IgnoreCurrent())` after the scenario; leaklint runs the scenario inside `leak.VerifyNoLeaks` with a recording TestingT; both use their default timeouts. In the paired runs one execution of the scenario is checked first by leaklint (experiment build: it has the runtime's leak GC, as every Go 1.27 build does), then by goleak, so both see the same leaks; their total wall is the shared process. Total wall covers the child processes; detector time only the check after the scenario returned.\n\n")
	b.WriteString(goker.Markdown(scored, o.Tools, scores, c.reps))
	for _, set := range []string{"goker", "patterns"} {
		names, err := goker.Registered(ctx, o, set)
		if err != nil {
			continue
		}
		var unscored []string
		for _, n := range names {
			found := false
			for _, cs := range cases {
				if cs.Name == n {
					found = true
				}
			}
			if !found {
				unscored = append(unscored, n)
			}
		}
		if len(unscored) > 0 {
			fmt.Fprintf(&b, "\nNot run (registered in %s, but Go's test has no expectation for them): %s.\n", set, strings.Join(unscored, ", "))
		}
	}
	return b.String(), nil
}
