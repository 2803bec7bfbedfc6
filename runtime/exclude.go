package leak

import (
	"bytes"
	"strings"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorOwnGoroutine names a goroutine of the runtime or of the testing
// package: the function it runs (its outermost frame) and the function
// whose go statement created it. A name ending in ".func*" stands for the
// function literals inside the function before it, whose numbering
// changes between Go releases (os/signal.Notify.func1.1 in Go 1.26 is
// Notify.func2.1 in Go 1.27).
type detectorOwnGoroutine struct{ entry, creator string }

// detectorBuiltinExclusions are the goroutines that belong to the runtime
// or the testing machinery, matched exactly on both names. A prefix, or a
// match anywhere in the stack, would also hide goroutines the user started
// through a standard package (os/signal.NotifyContext's watcher is the
// user's, issue 16), so every entry names one go statement of the
// standard library.
var detectorBuiltinExclusions = []detectorOwnGoroutine{
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

// detectorBuiltinExcluded reports whether g is one of the runtime's or the
// testing package's own goroutines. It does not allocate.
func detectorBuiltinExcluded(g *stack.Goroutine) bool {
	creator := g.CreatedBy.Func
	if len(creator) == 0 {
		return false
	}
	var entry []byte
	for _, own := range detectorBuiltinExclusions {
		if !detectorNameMatches(creator, own.creator) {
			continue
		}
		if entry == nil {
			entry = detectorEntry(g)
		}
		if detectorNameMatches(entry, own.entry) {
			return true
		}
	}
	return false
}

// detectorNameMatches reports whether fn is name, or, for a name ending in
// ".func*", a function literal inside the function it names (fn is that
// function followed by ".funcN" and possibly more nesting).
func detectorNameMatches(fn []byte, name string) bool {
	outer, closures := strings.CutSuffix(name, ".func*")
	if !closures {
		return string(fn) == name
	}
	rest, ok := bytes.CutPrefix(fn, []byte(outer))
	if !ok {
		return false
	}
	rest, ok = bytes.CutPrefix(rest, []byte(".func"))
	return ok && len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9'
}

// detectorEntry is the function g runs: its outermost frame.
func detectorEntry(g *stack.Goroutine) []byte {
	var f, last stack.Frame
	for it := stack.NewFrames(g); it.Next(&f); {
		last = f
	}
	return last.Func
}

// excluded applies the built-in exclusions and the user's ignore options.
func (s *detectorSession) excluded(g *stack.Goroutine) bool {
	if detectorBuiltinExcluded(g) {
		return true
	}
	if s.userExcludedFunc(g.CreatedBy.Func) {
		return true
	}
	for _, fn := range s.cfg.ignoreCreatedBy {
		if string(g.CreatedBy.Func) == fn {
			return true
		}
	}
	var f stack.Frame
	top := true
	for it := stack.NewFrames(g); it.Next(&f); top = false {
		if top {
			for _, fn := range s.cfg.ignoreTopFuncs {
				if string(f.Func) == fn {
					return true
				}
			}
		}
		if s.userExcludedFunc(f.Func) {
			return true
		}
	}
	return false
}

// userExcludedFunc applies WithExcludePatterns.
func (s *detectorSession) userExcludedFunc(fn []byte) bool {
	if len(fn) == 0 {
		return false
	}
	for _, re := range s.cfg.excludePatterns {
		if re.Match(fn) {
			return true
		}
	}
	return false
}
