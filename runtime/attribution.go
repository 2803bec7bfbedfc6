package leak

import (
	"context"

	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"github.com/leaklint/leaklint/runtime/internal/lifetime"
	"github.com/leaklint/leaklint/runtime/internal/owner"
	"github.com/leaklint/leaklint/runtime/internal/stack"
	"github.com/leaklint/leaklint/runtime/internal/unlabelled"
)

// TestLabel is the pprof label that ties goroutines to the check that
// watches them. A check runs the test's work under a fresh value of it;
// every goroutine started from there, directly or transitively, inherits
// the label, and the check considers only goroutines that carry its value.
// This is what lets parallel tests check leaks without blaming each other.
const TestLabel = "leaklint.test"

// originLabel is the label the stream package puts on the goroutines it
// starts: the "file:line" of the user's call that created them.
const originLabel = "leaklint.origin"

// detectorOwners hands out check label values and remembers each one's
// test (package owner).
var detectorOwners owner.Registry

// detectorNewLabel returns a label value no other check in the process has.
func detectorNewLabel() string { return detectorOwners.New() }

// detectorNameLabel records that label is test's.
func detectorNameLabel(label, test string) { detectorOwners.Name(label, test) }

// detectorLabelsVisible makes goroutine labels appear in runtime.Stack
// and reports whether they do (see labels.Visible).
func detectorLabelsVisible() bool { return labels.Visible() }

// detectorGoroutine is what the detector needs to know of the goroutine
// it runs on.
type detectorGoroutine struct {
	id     uint64
	labels string // raw label text, as in stack.Goroutine.Labels
}

// detectorSelf reads the calling goroutine's ID and labels from its own
// stack header (see labels.ReadSelf).
func detectorSelf() (detectorGoroutine, bool) {
	self, ok := labels.ReadSelf()
	return detectorGoroutine{id: self.ID, labels: self.Labels}, ok
}

// detectorLabelContext returns a context carrying self's current labels.
func detectorLabelContext(self detectorGoroutine) context.Context {
	return labels.Context(labels.Self{ID: self.id, Labels: self.labels})
}

// detectorLabelPairs decodes raw label text into pprof.Labels arguments.
func detectorLabelPairs(raw string) []string { return labels.Pairs(raw) }

// detectorCurrentTestLabel returns the TestLabel value the calling
// goroutine carries, or "".
func detectorCurrentTestLabel() string { return labels.Current(TestLabel) }

// detectorAttribution is what a labelled check keeps to attribute the
// goroutines that carry no test label (package unlabelled).
type detectorAttribution struct {
	// adopter is nil in snapshot mode, where labels are not read.
	adopter *unlabelled.Adopter
	// lifetime caches processLifetime per goroutine.
	lifetime map[uint64]bool
}

// detectorChecks are the labelled checks running now.
var detectorChecks unlabelled.Checks

// beginAttribution records the unlabelled goroutines running now, and
// marks the checks that overlap. It returns the function that ends the
// check's attribution.
func (s *detectorSession) beginAttribution() (end func()) {
	s.attribution.adopter, end = detectorChecks.Begin()
	return end
}

// detectorClass is how a check sees one goroutine.
type detectorClass uint8

const (
	detectorNotOwned detectorClass = iota
	detectorOwned
	detectorOwnedUnattributed
	detectorOwnedProcessLifetime
)

// classify decides whether g is the check's and, when detail is set, how
// to report it; skip and WithIgnoreCurrent are applied by owns. Without
// detail a process-lifetime goroutine may come back as detectorOwned: the
// source is read only for the report, or when WithIgnoreProcessLifetime
// makes it decide ownership. Apart from the first sight of an unlabelled
// goroutine, it does not allocate.
func (s *detectorSession) classify(g *stack.Goroutine, detail bool) detectorClass {
	if !s.mine(g) {
		return detectorNotOwned
	}
	if httppool.Idle(g) {
		// The pool's, unless its transport was dropped: decided once, at
		// the end (droppedTransports).
		s.sawIdleConn = true
		return detectorNotOwned
	}
	if (detail || s.cfg.ignoreProcessLifetime) && s.processLifetime(g) {
		if s.cfg.ignoreProcessLifetime {
			return detectorNotOwned
		}
		return detectorOwnedProcessLifetime
	}
	if s.label != "" && s.attribution.adopter.Unattributed(g.ID) {
		// The first overlapping check to see it reports it.
		if !detectorChecks.Claim(g.ID, s.label) {
			return detectorNotOwned
		}
		return detectorOwnedUnattributed
	}
	return detectorOwned
}

// mine reports whether g was started by the check's code: it carries the
// check's label (or, in snapshot mode, is new), or it is an unlabelled
// goroutine the check adopts; and no exclusion covers it.
func (s *detectorSession) mine(g *stack.Goroutine) bool {
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
	return !s.cfg.ignore.Excluded(g)
}

// undecided reports whether g is an unlabelled goroutine, not the
// check's own, that the adopter has not decided yet and would judge by
// the baseline (see unlabelled.Adopter.Undecided). It does not allocate.
func (s *detectorSession) undecided(g *stack.Goroutine) bool {
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
func (s *detectorSession) resolve(gs []stack.Goroutine) { s.attribution.adopter.Resolve(gs) }

// resolveDump runs resolve on a dump that count has not read.
func (s *detectorSession) resolveDump(dump []byte) {
	var undecided []stack.Goroutine
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.undecided(&g) {
			undecided = append(undecided, g)
		}
	}
	s.resolve(undecided)
}

// detectorLifetimes caches, per go statement, whether it runs once per
// process (see package lifetime).
var detectorLifetimes lifetime.Sites

// processLifetime reports whether g was started by a go statement that
// runs once for the life of the process: a library's lazy singleton,
// started by whichever check first used the library (package lifetime).
// It is remembered per goroutine so that each dump costs a map lookup.
func (s *detectorSession) processLifetime(g *stack.Goroutine) bool {
	a := &s.attribution
	if v, ok := a.lifetime[g.ID]; ok {
		return v
	}
	v := detectorLifetimes.Started(g)
	if a.lifetime == nil {
		a.lifetime = map[uint64]bool{}
	}
	a.lifetime[g.ID] = v
	return v
}
