// Package exclude decides which goroutines a check leaves out before it
// looks at whose they are: the runtime's and the testing package's own
// (package machinery), and those the user's ignore options name by a
// function in the stack, the innermost function or the creator.
package exclude

import (
	"regexp"

	"github.com/leaklint/leaklint/runtime/internal/machinery"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Rules are the user's ignore options. The zero Rules leave out only the
// built-in exclusions.
type Rules struct {
	// Patterns match a function anywhere in the stack, or the creator
	// (WithExcludePatterns).
	Patterns []*regexp.Regexp
	// TopFuncs are matched exactly against the innermost frame
	// (WithIgnoreTopFunction).
	TopFuncs []string
	// CreatedBy are matched exactly against the creator
	// (WithIgnoreCreatedBy).
	CreatedBy []string
}

// Excluded reports whether g is left out: one of the built-in exclusions,
// or matched by one of the rules.
func (r *Rules) Excluded(g *stack.Goroutine) bool {
	if machinery.Own(g) {
		return true
	}
	if r.patternMatches(g.CreatedBy.Func) {
		return true
	}
	for _, fn := range r.CreatedBy {
		if string(g.CreatedBy.Func) == fn {
			return true
		}
	}
	var f stack.Frame
	top := true
	for it := stack.NewFrames(g); it.Next(&f); top = false {
		if top {
			for _, fn := range r.TopFuncs {
				if string(f.Func) == fn {
					return true
				}
			}
		}
		if r.patternMatches(f.Func) {
			return true
		}
	}
	return false
}

func (r *Rules) patternMatches(fn []byte) bool {
	if len(fn) == 0 {
		return false
	}
	for _, re := range r.Patterns {
		if re.Match(fn) {
			return true
		}
	}
	return false
}
