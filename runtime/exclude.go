package leak

import (
	"bytes"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorBuiltinExclusions are functions whose goroutines belong to the
// runtime or the testing machinery. A prefix covers the closures inside
// (testing.tRunner.func1 is where a test waits for its parallel subtests:
// goleak reports it as a leak, issue #16).
var detectorBuiltinExclusions = []string{
	"testing.tRunner",
	"testing.(*T).Run",
	"testing.(*T).Parallel",
	"testing.(*B).run1",
	"testing.(*B).launch",
	"testing.(*B).doBench",
	"testing.(*B).Run",
	"testing.(*F).Fuzz",
	"testing.runTests",
	"testing.(*M).",
	"testing.runFuzz",
	"os/signal.",
	"runtime.ensureSigM",
	"runtime.ReadTrace",
	"runtime/trace.",
}

// excluded applies the built-in exclusions and the user's ignore options.
func (s *detectorSession) excluded(g *stack.Goroutine) bool {
	if s.excludedFunc(g.CreatedBy.Func) {
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
		if s.excludedFunc(f.Func) {
			return true
		}
	}
	return false
}

func (s *detectorSession) excludedFunc(fn []byte) bool {
	if len(fn) == 0 {
		return false
	}
	for _, prefix := range detectorBuiltinExclusions {
		if bytes.HasPrefix(fn, []byte(prefix)) {
			return true
		}
	}
	for _, re := range s.cfg.excludePatterns {
		if re.Match(fn) {
			return true
		}
	}
	return false
}
