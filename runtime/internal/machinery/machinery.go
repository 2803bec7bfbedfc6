// Package machinery recognises the goroutines that belong to the Go
// runtime and to the testing package themselves, which no leak check
// reports: each is matched exactly by the function it runs and the
// function whose go statement created it, never by a prefix or by a frame
// anywhere in its stack, so that a goroutine the user's code started
// through a standard package (os/signal.NotifyContext's watcher) stays
// the user's.
package machinery

import (
	"github.com/leaklint/leaklint/runtime/internal/frames"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// goroutine names a goroutine of the runtime or of the testing package:
// the function it runs (its outermost frame) and the function whose go
// statement created it. A name ending in ".func*" stands for the function
// literals inside the function before it, whose numbering changes between
// Go releases (os/signal.Notify.func1.1 in Go 1.26 is Notify.func2.1 in
// Go 1.27).
type goroutine struct{ Entry, Creator string }

// own lists them.
var own = []goroutine{
	// Tests and subtests, including a parent waiting in tRunner.func1
	// for its parallel subtests (goleak reports that one, issue #16).
	{"testing.tRunner", "testing.(*T).Run"},
	{"testing.tRunner", "testing.testingSynctestTest"},
	{"testing.tRunner", "testing.(*F).Fuzz.func*"},
	{"testing.fRunner", "testing.runFuzzTests"},
	{"testing.fRunner", "testing.runFuzzing"},
	{"testing.(*B).run1.func*", "testing.(*B).run1"},
	{"testing.(*B).launch", "testing.(*B).doBench"},
	{"testing.(*B).RunParallel.func*", "testing.(*B).RunParallel"},
	{"testing.runExample.func*", "testing.runExample"},
	// go test -timeout: the alarm fires on a timer goroutine.
	{"testing.(*M).startAlarm.func*", "time.goFunc"},
	// The runtime's signal delivery: ensureSigM's goroutine, and the loop
	// that os/signal starts once per process to receive signals from the
	// runtime (the first signal.Notify starts it; it never ends).
	{"runtime.ensureSigM.func*", "runtime.ensureSigM"},
	{"os/signal.loop", "os/signal.Notify.func*"},
	// Execution tracing (go test -trace, runtime/trace.Start, the flight
	// recorder) reads the trace on goroutines of its own.
	{"runtime/trace.Start.func*", "runtime/trace.Start"},
	{"runtime/trace.(*traceMultiplexer).startLocked.func*", "runtime/trace.(*traceMultiplexer).startLocked"},
	{"runtime.(*traceAdvancerState).start.func*", "runtime.(*traceAdvancerState).start"},
	{"runtime.traceStartReadCPU.func*", "runtime.traceStartReadCPU"},
	// Finalizers and cleanups show while they run user code.
	{"runtime.runFinalizers", "runtime.createfing"},
	{"runtime.runCleanups", "runtime.(*cleanupQueue).createGs"},
}

// Own reports whether g is one of the runtime's or the testing package's
// own goroutines. It does not allocate.
func Own(g *stack.Goroutine) bool {
	creator := g.CreatedBy.Func
	if len(creator) == 0 {
		return false
	}
	var entry []byte
	for _, o := range own {
		if !frames.Matches(creator, o.Creator) {
			continue
		}
		if entry == nil {
			entry = frames.Entry(g)
		}
		if frames.Matches(entry, o.Entry) {
			return true
		}
	}
	return false
}

// Entries lists the functions Own recognises goroutines by, for tests.
func Entries() []string {
	var out []string
	for _, o := range own {
		out = append(out, o.Entry)
	}
	return out
}
