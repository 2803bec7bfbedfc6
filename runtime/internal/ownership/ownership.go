// Package ownership decides which goroutines in a dump are a check's: by
// its test label (or, in snapshot mode, by not having been running when
// it began), adopting unlabelled ones as package unlabelled says, and
// setting apart the idle HTTP connections of a pool that outlives the
// check, the goroutines started once per process and the user's
// exclusions. It says too how to report each one it owns.
package ownership

import (
	"strings"

	"github.com/leaklint/leaklint/runtime/internal/exclude"
	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/lifetime"
	"github.com/leaklint/leaklint/runtime/internal/owner"
	"github.com/leaklint/leaklint/runtime/internal/stack"
	"github.com/leaklint/leaklint/runtime/internal/unlabelled"
)

// TestLabel is the pprof label that ties goroutines to their check (the
// public leak.TestLabel).
const TestLabel = "leaklint.test"

// The process-wide registries every check shares.
var (
	// checks are the labelled checks running now.
	checks unlabelled.Checks
	// lifetimes caches, per go statement, whether it runs once per
	// process.
	lifetimes lifetime.Sites
)

// Judge decides for one check. Set the exported fields, then call Begin
// in labelled mode.
type Judge struct {
	// Label is the check's TestLabel value; empty in snapshot mode,
	// where Before lists the goroutines not to consider.
	Label  string
	Before map[uint64]bool
	// Ignore holds the user's exclusions.
	Ignore exclude.Rules
	// IgnoreProcessLifetime drops the goroutines started once per
	// process instead of reporting them as such.
	IgnoreProcessLifetime bool
	// TestOf names the test of a check's label value ("" when unknown),
	// to tell overlapping checks' unlabelled goroutines apart (byTest).
	TestOf func(label string) string

	// adopter is nil in snapshot mode, where labels are not read.
	adopter *unlabelled.Adopter
	// lifetime caches processLifetime per goroutine.
	lifetime map[uint64]bool
	// sawIdleConn is set when an idle pooled HTTP connection of the
	// check's was seen (see SawIdleConn).
	sawIdleConn bool
	// byTestCache holds byTest's decision per goroutine.
	byTestCache map[uint64]Class
}

// Begin records the unlabelled goroutines running now, and marks the
// checks that overlap. It returns the function that ends the check's
// attribution.
func (j *Judge) Begin() (end func()) {
	j.adopter, end = checks.BeginAs(j.Label)
	return end
}

// Running returns how many labelled checks are running now, in this
// process.
func Running() int { return checks.Running() }

// Class is how a check sees one goroutine.
type Class uint8

const (
	// NotOwned: not the check's, or not to be reported.
	NotOwned Class = iota
	// Owned: started by the check's code.
	Owned
	// Unattributed: started during the check with no test label while
	// other checks were running too, so no one test can be blamed; the
	// first overlapping check to see it reports it.
	Unattributed
	// ProcessLifetime: started once for the life of the process, reached
	// for the first time during the check.
	ProcessLifetime
)

// Classify decides whether g is the check's and, when detail is set, how
// to report it. Without detail a process-lifetime goroutine may come back
// as Owned: the source is read only for the report, or when
// IgnoreProcessLifetime makes it decide ownership. Apart from the first
// sight of an unlabelled goroutine, it does not allocate.
func (j *Judge) Classify(g *stack.Goroutine, detail bool) Class {
	if !j.Mine(g) {
		return NotOwned
	}
	if httppool.Idle(g) {
		// The pool's, unless its transport was dropped: decided once, at
		// the end (see SawIdleConn).
		j.sawIdleConn = true
		return NotOwned
	}
	if (detail || j.IgnoreProcessLifetime) && j.processLifetime(g) {
		if j.IgnoreProcessLifetime {
			return NotOwned
		}
		return ProcessLifetime
	}
	if j.Label != "" && j.adopter.Unattributed(g.ID) {
		switch j.byTest(g) {
		case Owned:
			return Owned
		case NotOwned:
			return NotOwned
		}
		if !checks.Claim(g.ID, j.Label) {
			return NotOwned
		}
		return Unattributed
	}
	return Owned
}

// byTest decides an unlabelled goroutine adopted while other checks
// overlapped by the test function its stack names: a timer callback
// written in TestA ("pkg.TestA.func1") is TestA's. It returns Owned when
// that is the check's test and of none of the checks that overlapped it,
// NotOwned when it is one of theirs and not the check's, and
// Unattributed when the names do not tell (no test function in the
// stack, a helper's callback, subtests of one test function).
func (j *Judge) byTest(g *stack.Goroutine) Class {
	if c, ok := j.byTestCache[g.ID]; ok {
		return c
	}
	c := Unattributed
	if fn := testFuncIn(g); fn != "" && j.TestOf != nil {
		own := topTest(j.TestOf(j.Label)) == fn
		theirs := false
		for _, peer := range checks.Peers(j.adopter) {
			if topTest(j.TestOf(peer)) == fn {
				theirs = true
				break
			}
		}
		switch {
		case own && !theirs:
			c = Owned
		case theirs && !own:
			c = NotOwned
		}
	}
	if j.byTestCache == nil {
		j.byTestCache = map[uint64]Class{}
	}
	j.byTestCache[g.ID] = c
	return c
}

// testFuncIn returns the test function named by g's innermost frame that
// names one, or "".
func testFuncIn(g *stack.Goroutine) string {
	var f stack.Frame
	for it := stack.NewFrames(g); it.Next(&f); {
		if fn := owner.TestFunc(f.Func); fn != "" {
			return fn
		}
	}
	return ""
}

// topTest is the top-level test of a test name ("TestA" for "TestA/sub").
func topTest(name string) string {
	top, _, _ := strings.Cut(name, "/")
	return top
}

// SawIdleConn reports whether Classify has set aside an idle pooled HTTP
// connection of the check's since the last call: only then is it worth
// asking whether its transport was dropped.
func (j *Judge) SawIdleConn() bool {
	saw := j.sawIdleConn
	j.sawIdleConn = false
	return saw
}

// Mine reports whether g was started by the check's code: it carries the
// check's label (or, in snapshot mode, is new), or it is an unlabelled
// goroutine the check adopts; and no exclusion covers it.
func (j *Judge) Mine(g *stack.Goroutine) bool {
	switch {
	case j.Label == "":
		if j.Before[g.ID] {
			return false
		}
		if j.Before[g.CreatorID] && httppool.IdleServerConn(g) {
			// An idle keep-alive connection of a server that was
			// running before the check (started by TestMain, closed
			// after it) is the server's. By label, it carries the
			// server's label and is not the check's either.
			return false
		}
	default:
		v, labelled := stack.Label(g.Labels, TestLabel)
		if labelled && string(v) != j.Label {
			return false
		}
		if !labelled && !j.adopter.Adopt(g) {
			return false
		}
	}
	return !j.Ignore.Excluded(g)
}

// Undecided reports whether g is an unlabelled goroutine that the adopter
// has not decided yet and would judge by the baseline (see
// unlabelled.Adopter.Undecided). It does not allocate.
func (j *Judge) Undecided(g *stack.Goroutine) bool {
	if _, labelled := stack.Label(g.Labels, TestLabel); labelled {
		return false
	}
	return j.adopter.Undecided(g)
}

// Resolve decides the undecided goroutines of one dump together (see
// unlabelled.Adopter.Resolve).
func (j *Judge) Resolve(gs []stack.Goroutine) { j.adopter.Resolve(gs) }

// processLifetime reports whether g was started by a go statement that
// runs once for the life of the process: a library's lazy singleton,
// started by whichever check first used the library (package lifetime).
// It is remembered per goroutine so that each dump costs a map lookup.
func (j *Judge) processLifetime(g *stack.Goroutine) bool {
	if v, ok := j.lifetime[g.ID]; ok {
		return v
	}
	v := lifetimes.Started(g)
	if j.lifetime == nil {
		j.lifetime = map[uint64]bool{}
	}
	j.lifetime[g.ID] = v
	return v
}
