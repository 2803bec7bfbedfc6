// Package check is one leak check in progress: which goroutines and
// stream resources are its own, how long to wait for them (the wait
// loop: dumps paced by package dump, the grace of package budget, the
// collector's proofs of package proof), and what is left when it gives
// up, grouped for the report.
//
// The public package (leak) turns its options into a Config and a Report
// into its own types; everything between is here.
package check

import (
	"context"
	"errors"
	"runtime"
	"runtime/pprof"
	"sync"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/dump"
	"github.com/leaklint/leaklint/runtime/internal/exclude"
	"github.com/leaklint/leaklint/runtime/internal/frames"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"github.com/leaklint/leaklint/runtime/internal/leakgc"
	"github.com/leaklint/leaklint/runtime/internal/owner"
	"github.com/leaklint/leaklint/runtime/internal/ownership"
	"github.com/leaklint/leaklint/runtime/internal/resources"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// TestLabel is the pprof label that ties goroutines to their check (the
// public leak.TestLabel).
const TestLabel = ownership.TestLabel

// Config is what a check is told by its options.
type Config struct {
	Tolerance int
	Timeout   time.Duration
	// Grace is the extra wait for goroutines still progressing when the
	// timeout passes (the effective value, see budget.Grace).
	Grace time.Duration
	// Ignore holds the user's exclusions; IgnoreIDs the goroutines
	// running when WithIgnoreCurrent was made.
	Ignore    exclude.Rules
	IgnoreIDs map[uint64]bool
	// IgnoreProcessLifetime drops the goroutines started once per
	// process.
	IgnoreProcessLifetime bool
	// OnDump, for tests, runs after each dump with the attempt number
	// and the number of goroutines still pending.
	OnDump func(attempt, pending int)
}

// The process-wide registries every check shares.
var (
	// owners hands out check label values and remembers each one's test.
	owners owner.Registry
	// hub routes the stream package's resource events to the checks
	// running now, by the test label of the goroutine creating one.
	hub = resources.Hub{CurrentLabel: func() string { return labels.Current(TestLabel) }}
)

// Session is one check in progress.
type Session struct {
	cfg *Config
	// label is the TestLabel value of the check's goroutines; empty in
	// snapshot mode, where before lists the goroutines not to consider.
	label  string
	before map[uint64]bool
	// judge decides which goroutines are the check's.
	judge ownership.Judge
	// skip are goroutines that belong to the check itself: the one that
	// started it and, once known, the one running Check.
	skip      map[uint64]bool
	resources resources.Set
	done      func()
	ended     sync.Once
	// testMain is set for VerifyTestMain's check.
	testMain bool
	// firstDump, when set, is a dump just taken (see PendingSubtests)
	// that wait uses as its first.
	firstDump *dump.Dump
	// started is when the check began: no goroutine of its own is older.
	started time.Time
}

// New starts a check: by label when the runtime shows labels, else from
// a snapshot of the goroutines running now. self is the calling
// goroutine, as labels.ReadSelf read it.
func New(cfg *Config, self labels.Self) (*Session, error) {
	s := &Session{cfg: cfg, skip: map[uint64]bool{self.ID: true}, started: time.Now()}
	if labels.Visible() {
		s.label = owners.New()
	} else {
		before, err := CurrentIDs()
		if err != nil {
			return nil, err
		}
		s.before = before
	}
	s.judge = s.newJudge()
	s.done = hub.Register(s.label, &s.resources)
	if s.label != "" {
		unregister, endAttribution := s.done, s.judge.Begin()
		s.done = func() { endAttribution(); unregister() }
	}
	return s, nil
}

// NewTestMain starts the check of a whole test binary (VerifyTestMain):
// by snapshot, the goroutines in before not being the tests'. It collects
// every stream resource created until End.
func NewTestMain(cfg *Config, before map[uint64]bool) *Session {
	s := &Session{cfg: cfg, before: before, skip: map[uint64]bool{}, testMain: true}
	if self, ok := labels.ReadSelf(); ok {
		s.skip[self.ID] = true
	}
	s.judge = s.newJudge()
	s.done = hub.Register(s.label, &s.resources)
	return s
}

// newJudge sets up the ownership decisions for the check's mode.
func (s *Session) newJudge() ownership.Judge {
	return ownership.Judge{
		Label:                 s.label,
		Before:                s.before,
		Ignore:                s.cfg.Ignore,
		IgnoreProcessLifetime: s.cfg.IgnoreProcessLifetime,
		TestOf:                owners.Lookup,
	}
}

// CurrentIDs returns the IDs of the goroutines running now.
func CurrentIDs() (map[uint64]bool, error) {
	d := dump.Take()
	defer d.Release()
	ids := make(map[uint64]bool, runtime.NumGoroutine())
	var g stack.Goroutine
	for it := stack.NewDump(d.Text); it.Next(&g); {
		ids[g.ID] = true
	}
	if len(ids) == 0 {
		return nil, errors.New("runtime.Stack printed no goroutine the parser recognised")
	}
	return ids, nil
}

// Label is the check's TestLabel value, "" in snapshot mode.
func (s *Session) Label() string { return s.label }

// Skip makes the check ignore goroutine id: its own (the one running
// Check).
func (s *Session) Skip(id uint64) { s.skip[id] = true }

// Name records that the check is test's, for reports naming the test
// behind a goroutine.
func (s *Session) Name(test string) { owners.Name(s.label, test) }

// End stops resource tracking and attribution for the check. Calls after
// the first do nothing.
func (s *Session) End() { s.ended.Do(s.done) }

// Run runs fn on the calling goroutine (self) under the check's label.
func (s *Session) Run(self labels.Self, test string, fn func()) {
	s.Name(test)
	// Neither the check's objects nor the caller's share an allocation
	// block with fn's, which would keep the collector from proving
	// goroutines blocked on them (see leakgc.SeparateTiny).
	leakgc.SeparateTiny()
	if s.label != "" {
		pprof.Do(labels.Context(self), pprof.Labels(TestLabel, s.label), func(context.Context) { fn(); leakgc.SeparateTiny() })
	} else {
		fn()
		leakgc.SeparateTiny()
	}
}

// PendingSubtests counts the subtests started under the check's label
// that have not finished: parallel ones, waiting for the parent's
// function to return.
func (s *Session) PendingSubtests() int {
	if s.label == "" {
		return 0
	}
	d := dump.Take()
	n := 0
	defer func() {
		if n == 0 {
			// No subtests to wait for: the verdict follows at once,
			// and this dump is its first look.
			s.firstDump = &d
		} else {
			d.Release()
		}
	}()
	var g stack.Goroutine
	for it := stack.NewDump(d.Text); it.Next(&g); {
		if v, ok := stack.Label(g.Labels, TestLabel); ok && string(v) == s.label &&
			string(g.CreatedBy.Func) == "testing.(*T).Run" && string(frames.Entry(&g)) == "testing.tRunner" {
			n++
		}
	}
	return n
}

// Find waits for the check's goroutines and resources and returns the
// report, or nil.
func (s *Session) Find(test string) *Report {
	start := time.Now()
	r := s.wait(test)
	if r != nil {
		r.Waited = time.Since(start)
	}
	return r
}

// unproven returns how many of the check's goroutines the dump shows, and
// how many of those the collector has not proven leaked.
func (s *Session) unproven(dump []byte) (owned, unproven int) {
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.owns(&g) {
			owned++
			if !g.Leaked {
				unproven++
			}
		}
	}
	return owned, unproven
}
