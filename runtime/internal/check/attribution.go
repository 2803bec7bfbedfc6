package check

import (
	"github.com/leaklint/leaklint/runtime/internal/ownership"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// undecided reports whether g is an unlabelled goroutine, not the
// check's own, that the judge has not decided yet (see
// ownership.Judge.Undecided). It does not allocate.
func (s *Session) undecided(g *stack.Goroutine) bool {
	return !s.skip[g.ID] && s.judge.Undecided(g)
}

// resolveDump decides the undecided goroutines of a dump that count has
// not read.
func (s *Session) resolveDump(dump []byte) {
	var undecided []stack.Goroutine
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.undecided(&g) {
			undecided = append(undecided, g)
		}
	}
	s.judge.Resolve(undecided)
}

// owns reports whether g is one of the check's goroutines that must not
// outlive it. It does not allocate.
func (s *Session) owns(g *stack.Goroutine) bool {
	if s.skip[g.ID] || s.cfg.IgnoreIDs[g.ID] {
		return false
	}
	return s.judge.Classify(g, false) != ownership.NotOwned
}
