package check

import (
	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/stack"
	"github.com/leaklint/leaklint/runtime/internal/unlabelled"
)

// attribution is what a labelled check keeps to attribute the goroutines
// that carry no test label (package unlabelled).
type attribution struct {
	// adopter is nil in snapshot mode, where labels are not read.
	adopter *unlabelled.Adopter
	// lifetime caches processLifetime per goroutine.
	lifetime map[uint64]bool
}

// beginAttribution records the unlabelled goroutines running now, and
// marks the checks that overlap. It returns the function that ends the
// check's attribution.
func (s *Session) beginAttribution() (end func()) {
	s.attribution.adopter, end = checks.Begin()
	return end
}

// class is how a check sees one goroutine.
type class uint8

const (
	notOwned class = iota
	owned
	ownedUnattributed
	ownedProcessLifetime
)

// classify decides whether g is the check's and, when detail is set, how
// to report it; skip and WithIgnoreCurrent are applied by owns. Without
// detail a process-lifetime goroutine may come back as owned: the
// source is read only for the report, or when IgnoreProcessLifetime
// makes it decide ownership. Apart from the first sight of an unlabelled
// goroutine, it does not allocate.
func (s *Session) classify(g *stack.Goroutine, detail bool) class {
	if !s.mine(g) {
		return notOwned
	}
	if httppool.Idle(g) {
		// The pool's, unless its transport was dropped: decided once, at
		// the end (droppedTransports).
		s.sawIdleConn = true
		return notOwned
	}
	if (detail || s.cfg.IgnoreProcessLifetime) && s.processLifetime(g) {
		if s.cfg.IgnoreProcessLifetime {
			return notOwned
		}
		return ownedProcessLifetime
	}
	if s.label != "" && s.attribution.adopter.Unattributed(g.ID) {
		// The first overlapping check to see it reports it.
		if !checks.Claim(g.ID, s.label) {
			return notOwned
		}
		return ownedUnattributed
	}
	return owned
}

// mine reports whether g was started by the check's code: it carries the
// check's label (or, in snapshot mode, is new), or it is an unlabelled
// goroutine the check adopts; and no exclusion covers it.
func (s *Session) mine(g *stack.Goroutine) bool {
	switch {
	case s.label == "":
		if s.before[g.ID] {
			return false
		}
		if s.before[g.CreatorID] && httppool.IdleServerConn(g) {
			// An idle keep-alive connection of a server that was
			// running before the check (started by TestMain, closed
			// after it) is the server's. By label, it carries the
			// server's label and is not the check's either.
			return false
		}
	default:
		v, labelled := stack.Label(g.Labels, TestLabel)
		if labelled && string(v) != s.label {
			return false
		}
		if !labelled && !s.attribution.adopter.Adopt(g) {
			return false
		}
	}
	return !s.cfg.Ignore.Excluded(g)
}

// undecided reports whether g is an unlabelled goroutine, not the
// check's own, that the adopter has not decided yet and would judge by
// the baseline (see unlabelled.Adopter.Undecided). It does not allocate.
func (s *Session) undecided(g *stack.Goroutine) bool {
	if s.skip[g.ID] {
		return false
	}
	if _, labelled := stack.Label(g.Labels, TestLabel); labelled {
		return false
	}
	return s.attribution.adopter.Undecided(g)
}

// resolve decides the undecided goroutines of one dump together (see
// unlabelled.Adopter.Resolve).
func (s *Session) resolve(gs []stack.Goroutine) { s.attribution.adopter.Resolve(gs) }

// resolveDump runs resolve on a dump that count has not read.
func (s *Session) resolveDump(dump []byte) {
	var undecided []stack.Goroutine
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.undecided(&g) {
			undecided = append(undecided, g)
		}
	}
	s.resolve(undecided)
}

// processLifetime reports whether g was started by a go statement that
// runs once for the life of the process: a library's lazy singleton,
// started by whichever check first used the library (package lifetime).
// It is remembered per goroutine so that each dump costs a map lookup.
func (s *Session) processLifetime(g *stack.Goroutine) bool {
	a := &s.attribution
	if v, ok := a.lifetime[g.ID]; ok {
		return v
	}
	v := lifetimes.Started(g)
	if a.lifetime == nil {
		a.lifetime = map[uint64]bool{}
	}
	a.lifetime[g.ID] = v
	return v
}
