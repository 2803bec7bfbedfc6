package leak

import (
	goruntime "runtime"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/budget"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorSession is one check in progress: which goroutines and
// resources are its own, and how to wait for them.
type detectorSession struct {
	cfg *detectorConfig
	// label is the TestLabel value of the check's goroutines; empty in
	// snapshot mode, where before lists the goroutines not to consider.
	label  string
	before map[uint64]bool
	// skip are goroutines that belong to the check itself: the one that
	// started it and, once known, the one running Check.
	skip      map[uint64]bool
	resources detectorResources
	done      func()
	// attribution places the unlabelled goroutines (labelled mode);
	// testMain is set for VerifyTestMain's check.
	attribution detectorAttribution
	testMain    bool
	// sawIdleConn is set when an idle pooled HTTP connection of the
	// check's was seen (see droppedTransports).
	sawIdleConn bool
	// firstDump, when set, is a dump just taken (see pendingSubtests)
	// that wait uses as its first.
	firstDump *detectorDump
	// started is when the check began: no goroutine of its own is older.
	started time.Time
}

// newDetectorSession starts a check: by label when the runtime shows
// labels, else from a snapshot of the goroutines running now.
// self is the calling goroutine, as detectorSelf read it.
func newDetectorSession(cfg *detectorConfig, self detectorGoroutine) (*detectorSession, error) {
	s := &detectorSession{cfg: cfg, skip: map[uint64]bool{self.id: true}, started: time.Now()}
	if detectorLabelsVisible() {
		s.label = detectorNewLabel()
	} else {
		before, err := detectorCurrentIDs()
		if err != nil {
			return nil, err
		}
		s.before = before
	}
	s.done = detectorRegister(s)
	if s.label != "" {
		unregister, endAttribution := s.done, s.beginAttribution()
		s.done = func() { endAttribution(); unregister() }
	}
	return s, nil
}

// end stops resource tracking for the check.
func (s *detectorSession) end() { s.done() }

// owns reports whether g is one of the check's goroutines that must not
// outlive it. It does not allocate.
func (s *detectorSession) owns(g *stack.Goroutine) bool {
	if s.skip[g.ID] || s.cfg.ignoreIDs[g.ID] {
		return false
	}
	return s.classify(g, false) != detectorNotOwned
}

// detectorObservation remembers since when a goroutine has been seen in
// one state, to say in the report how long it has been blocked.
type detectorObservation struct {
	state string
	since time.Time
}

// wait polls until the check's goroutines are down to the tolerance and
// its resources are released, or the timeout passes. If goroutines are
// still progressing then (see detectorProgressing), it keeps polling for
// up to the progress grace, until none is. It returns nil when all is
// well, else the report built from the last dump.
func (s *detectorSession) wait(test string) *LeakReport {
	start := time.Now()
	deadline := start.Add(s.cfg.timeout)
	graceEnd := deadline.Add(s.cfg.grace())
	interval := time.Millisecond
	var seen map[uint64]detectorObservation
	var proof detectorProof
	for attempt := 1; ; attempt++ {
		dumpStart := time.Now()
		var d detectorDump
		if s.firstDump != nil {
			d, s.firstDump = *s.firstDump, nil
		} else {
			d = detectorTakeDump()
		}
		now := time.Now()
		dumpCost := now.Sub(dumpStart)
		running, progressing := s.count(d.text, graceEnd)
		open := s.resources.unreleased()
		if s.cfg.onDump != nil {
			s.cfg.onDump(attempt, running)
		}
		if running <= s.cfg.tolerance && len(open) == 0 {
			dropped := s.droppedTransports(d.text)
			d.release()
			if len(dropped) == 0 {
				return nil
			}
			return s.reportDropped(test, dropped)
		}
		if running > s.cfg.tolerance {
			seen = s.observe(d.text, seen, now)
		}
		// Goroutines the collector proves stuck will never exit: report
		// them at once, without the timeout (see detectorProof).
		if proof.due(attempt, running, progressing, s.cfg.tolerance, len(open)) && detectorMarkDefinite() {
			d.release()
			d = detectorTakeDump()
			s.resolveDump(d.text)
			// Proven goroutines never exit: once every one is proven
			// and they exceed the tolerance, waiting cannot change the
			// verdict.
			owned, unproven := s.unproven(d.text)
			proof.proved(unproven)
			if unproven == 0 && owned > s.cfg.tolerance {
				report := s.report(test, d.text, true, seen, time.Now(), open)
				d.release()
				return report
			}
		}
		// Past the timeout, only goroutines still making progress earn
		// more time; blocked ones alone are reported at once.
		if !now.Before(deadline) && (running <= s.cfg.tolerance || progressing == 0 || !now.Before(graceEnd)) {
			if running > s.cfg.tolerance && detectorMarkDefinite() {
				// The collector marks goroutines it proves stuck; print
				// the stacks again to see the marks.
				d.release()
				d = detectorTakeDump()
				s.resolveDump(d.text)
			}
			report := s.report(test, d.text, running > s.cfg.tolerance, seen, now, open)
			d.release()
			return report
		}
		d.release()
		interval = min(max(2*interval, 4*dumpCost), 50*time.Millisecond)
		next := now.Add(interval)
		end := deadline
		if !now.Before(deadline) {
			end = graceEnd
		}
		if next.After(end) {
			next = end
		}
		detectorWaitForExit(next, dumpCost)
	}
}

// count returns how many of the dump's goroutines the check owns, and how
// many of those are still progressing and may finish before graceEnd
// (see sleepsPast).
//
// It is the first look at each dump, so it also decides the unlabelled
// goroutines not decided yet, all together (see resolve).
func (s *detectorSession) count(dump []byte, graceEnd time.Time) (owned, progressing int) {
	var undecided []stack.Goroutine
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.undecided(&g) {
			undecided = append(undecided, g)
			continue
		}
		if s.owns(&g) {
			owned++
			if detectorProgressing(&g) && !s.sleepsPast(&g, graceEnd) {
				progressing++
			}
		}
	}
	s.resolve(undecided)
	if len(undecided) > 0 {
		for i := range undecided {
			if s.owns(&undecided[i]) {
				owned++
				if detectorProgressing(&undecided[i]) && !s.sleepsPast(&undecided[i], graceEnd) {
					progressing++
				}
			}
		}
	}
	return owned, progressing
}

// detectorProgressing reports whether g may still be making progress on
// its own (see budget.Progressing). It does not allocate.
func detectorProgressing(g *stack.Goroutine) bool { return budget.Progressing(g) }

// sleepsPast reports whether g is asleep in a time.Sleep that cannot end
// before end: the call began no earlier than the check (g was started
// during it) and was given longer than the check may still wait. Such a
// goroutine earns no grace, since it will be reported at the grace's end
// anyway (a goroutine sleeping an hour, not one sleeping in a loop 10ms
// at a time). It does not allocate.
func (s *detectorSession) sleepsPast(g *stack.Goroutine, end time.Time) bool {
	d, ok := budget.Sleep(g)
	if !ok || !s.startedDuring(g) {
		return false
	}
	return s.started.Add(d).After(end)
}

// startedDuring reports whether g certainly began after the check did:
// it carries the check's label, or (snapshot mode) it was not running when
// the check took its snapshot.
func (s *detectorSession) startedDuring(g *stack.Goroutine) bool {
	if s.label != "" {
		v, ok := stack.Label(g.Labels, TestLabel)
		return ok && string(v) == s.label
	}
	return s.before != nil && !s.before[g.ID] && !s.testMain
}

// observe records, for each owned goroutine, since when it has been in
// its current state.
func (s *detectorSession) observe(dump []byte, seen map[uint64]detectorObservation, now time.Time) map[uint64]detectorObservation {
	next := make(map[uint64]detectorObservation, len(seen))
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if !s.owns(&g) {
			continue
		}
		if o, ok := seen[g.ID]; ok && o.state == string(g.State) {
			next[g.ID] = o
		} else {
			next[g.ID] = detectorObservation{state: string(g.State), since: now}
		}
	}
	return next
}

// detectorWaitForExit sleeps until until, returning early when the
// goroutine count drops (something exited: worth another dump), but not
// before minGap so that dumping costs at most about half the wait.
// runtime.NumGoroutine costs a few nanoseconds; a dump of 10,000
// goroutines costs milliseconds.
func detectorWaitForExit(until time.Time, minGap time.Duration) {
	start := time.Now()
	last := goruntime.NumGoroutine()
	dropped := false
	step := 20 * time.Microsecond
	for {
		left := time.Until(until)
		if left <= 0 {
			return
		}
		time.Sleep(min(step, left))
		step = min(2*step, 2*time.Millisecond)
		n := goruntime.NumGoroutine()
		dropped = dropped || n < last
		last = n
		if dropped && time.Since(start) >= minGap {
			return
		}
	}
}
