// Package unlabelled attributes to a labelled check the goroutines that
// carry no test label: those started during the check by a timer
// (time.AfterFunc callbacks) or by the runtime, which do not inherit
// labels, and those such goroutines started. Goroutines the user's code
// starts inherit its label, so these are the only unlabelled ones the
// check's work can have started; one started by unlabelled user code
// (another test's, a worker that existed before) is not the check's.
//
// When labelled checks overlap, an unlabelled goroutine cannot be told
// to be one check's rather than another's by its label: it is reported
// once, as unattributed, by the first check that claims it, unless the
// names in its stack say whose test wrote it (see Peers).
package unlabelled

import (
	"slices"
	"sync"
	"sync/atomic"

	"github.com/leaklint/leaklint/runtime/internal/baseline"
	"github.com/leaklint/leaklint/runtime/internal/frames"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Checks are the labelled checks running now. The zero Checks is ready;
// it is safe for concurrent use.
type Checks struct {
	mu      sync.Mutex
	running map[*Adopter]bool
	// reported are the unlabelled goroutines some check already claimed:
	// reported once, not by every check that overlapped them. Goroutine
	// IDs are never reused.
	reported sync.Map // uint64 -> the claiming check's label
}

// Begin starts attributing for a check: it records the goroutines running
// now and marks the checks that overlap. end removes the check.
func (c *Checks) Begin() (a *Adopter, end func()) { return c.BeginAs("") }

// BeginAs is Begin for the check whose label value is label, which the
// checks it overlaps then list among their Peers.
func (c *Checks) BeginAs(label string) (a *Adopter, end func()) {
	a = &Adopter{adopted: map[uint64]bool{}, baseline: baseline.Take(), label: label}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running == nil {
		c.running = map[*Adopter]bool{}
	}
	for other := range c.running {
		other.overlapped.Store(true)
		a.overlapped.Store(true)
		if label != "" {
			other.peers = append(other.peers, label)
		}
		if other.label != "" {
			a.peers = append(a.peers, other.label)
		}
	}
	c.running[a] = true
	return a, func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		delete(c.running, a)
	}
}

// Running returns how many checks are running now.
func (c *Checks) Running() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.running)
}

// Peers returns the label values of the checks that have run at the same
// time as a's, whether or not they still run: an unlabelled goroutine a
// adopted while they overlapped may be any of theirs.
func (c *Checks) Peers(a *Adopter) []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(a.peers)
}

// Claim reports whether the check labelled label is the one to report the
// unattributed goroutine id: the first to claim it.
func (c *Checks) Claim(id uint64, label string) bool {
	owner, _ := c.reported.LoadOrStore(id, label)
	return owner.(string) == label
}

// Adopter is one check's view of the unlabelled goroutines. It is not
// safe for concurrent use, except that Begin of another check may mark it
// overlapped at any time.
type Adopter struct {
	// baseline is the goroutines running when the check began.
	baseline *baseline.Baseline
	// adopted are unlabelled goroutines started during the check, and
	// those they started, seen so far.
	adopted map[uint64]bool
	// shared are, in the dump being read, the undecided goroutines that
	// share their stack with goroutines running when the check began;
	// sharedNew are as many of them as that stack has more goroutines
	// now (see Resolve). Decided again at each dump, never remembered.
	shared, sharedNew map[uint64]bool
	// overlapped is set once another labelled check has run at the same
	// time: unlabelled goroutines can no longer be told apart.
	overlapped atomic.Bool
	// label is the check's label value; peers are those of the checks
	// that overlapped it (guarded by Checks.mu).
	label string
	peers []string
}

// startedUnlabelled reports whether g's creator is one that starts
// goroutines without a label: a timer, the runtime, or an adopted
// goroutine.
func (a *Adopter) startedUnlabelled(g *stack.Goroutine) bool {
	creator := g.CreatedBy.Func
	return string(creator) == "time.goFunc" || string(frames.Package(creator)) == "runtime" || a.adopted[g.CreatorID]
}

// Adopt reports whether the unlabelled goroutine g is the check's. A nil
// Adopter (a check that reads no labels) adopts nothing.
func (a *Adopter) Adopt(g *stack.Goroutine) bool {
	if a == nil {
		return false
	}
	if a.adopted[g.ID] {
		return true
	}
	if a.shared[g.ID] {
		return a.sharedNew[g.ID]
	}
	if !a.startedUnlabelled(g) {
		// Not remembered: its creator may be adopted later in this dump
		// (dumps are not in creation order), and this one at the next.
		return false
	}
	if a.baseline.Running(g) {
		// Its stack was running when the check began: only a count of
		// the dump's goroutines with that stack can say (Resolve), so
		// nothing is remembered.
		return false
	}
	a.adopted[g.ID] = true
	return true
}

// Undecided reports whether the unlabelled goroutine g is one Adopt has
// not decided yet and would judge by the baseline. It does not allocate.
func (a *Adopter) Undecided(g *stack.Goroutine) bool {
	if a == nil || a.adopted[g.ID] {
		return false
	}
	return a.startedUnlabelled(g)
}

// Resolve decides the undecided goroutines of one dump together. Decided
// one at a time, a new goroutine with the same stack as one running when
// the check began (left by an earlier check: a test run with -count, a
// table of cases through the same code) would be taken for that old one
// and missed. Seen together, the baseline's count of that stack says how
// many are new; which ones is decided again at each dump (the count is
// what matters: if one of them exits, one fewer is the check's).
func (a *Adopter) Resolve(gs []stack.Goroutine) {
	if a == nil || len(gs) == 0 && len(a.shared) == 0 {
		return
	}
	if a.shared == nil {
		a.shared, a.sharedNew = map[uint64]bool{}, map[uint64]bool{}
	}
	clear(a.shared)
	clear(a.sharedNew)
	fresh, young, old := a.baseline.Split(gs)
	for _, id := range fresh {
		a.adopted[id] = true
	}
	for _, id := range young {
		a.shared[id], a.sharedNew[id] = true, true
	}
	for _, id := range old {
		a.shared[id] = true
	}
}

// Unattributed reports whether the adopted goroutine id cannot be told to
// be this check's because labelled checks overlapped.
func (a *Adopter) Unattributed(id uint64) bool {
	return a != nil && (a.adopted[id] || a.sharedNew[id]) && a.overlapped.Load()
}
