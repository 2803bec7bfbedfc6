package leak

import (
	"github.com/leaklint/leaklint/runtime/internal/machinery"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// excluded applies the built-in exclusions (the runtime's and testing's
// own goroutines, see package machinery) and the user's ignore options.
func (s *detectorSession) excluded(g *stack.Goroutine) bool {
	if machinery.Own(g) {
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
