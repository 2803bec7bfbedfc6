package check

import (
	"time"

	"github.com/leaklint/leaklint/runtime/internal/budget"
	"github.com/leaklint/leaklint/runtime/internal/dump"
	"github.com/leaklint/leaklint/runtime/internal/leakgc"
	"github.com/leaklint/leaklint/runtime/internal/proof"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// observation remembers since when a goroutine has been seen in one
// state, to say in the report how long it has been blocked.
type observation struct {
	state string
	since time.Time
}

// wait polls until the check's goroutines are down to the tolerance and
// its resources are released, or the timeout passes. If goroutines are
// still progressing then (see budget.Progressing), it keeps polling for
// up to the progress grace, until none is. It returns nil when all is
// well, else the report built from the last dump.
func (s *Session) wait(test string) *Report {
	start := time.Now()
	deadline := start.Add(s.cfg.Timeout)
	graceEnd := deadline.Add(s.cfg.Grace)
	interval := dump.FirstInterval
	var seen map[uint64]observation
	var schedule proof.Schedule
	for attempt := 1; ; attempt++ {
		dumpStart := time.Now()
		var d dump.Dump
		if s.firstDump != nil {
			d, s.firstDump = *s.firstDump, nil
		} else {
			d = dump.Take()
		}
		now := time.Now()
		dumpCost := now.Sub(dumpStart)
		running, progressing := s.count(d.Text, graceEnd)
		open := s.resources.Unreleased()
		if s.cfg.OnDump != nil {
			s.cfg.OnDump(attempt, running)
		}
		if running <= s.cfg.Tolerance && len(open) == 0 {
			dropped := s.droppedTransports(d.Text)
			d.Release()
			if len(dropped) == 0 {
				return nil
			}
			return s.reportDropped(test, dropped)
		}
		if running > s.cfg.Tolerance {
			seen = s.observe(d.Text, seen, now)
		}
		// Goroutines the collector proves stuck will never exit: report
		// them at once, without the timeout (see package proof).
		if schedule.Due(running, progressing, s.cfg.Tolerance, len(open)) && leakgc.Collect() {
			d.Release()
			d = dump.Take()
			s.resolveDump(d.Text)
			// Proven goroutines never exit: once every one is proven
			// and they exceed the tolerance, waiting cannot change the
			// verdict.
			owned, unproven := s.unproven(d.Text)
			schedule.Proved(unproven)
			if unproven == 0 && owned > s.cfg.Tolerance {
				report := s.report(test, d.Text, true, seen, time.Now(), open)
				d.Release()
				return report
			}
		}
		// Past the timeout, only goroutines still making progress earn
		// more time; blocked ones alone are reported at once.
		if !now.Before(deadline) && (running <= s.cfg.Tolerance || progressing == 0 || !now.Before(graceEnd)) {
			if running > s.cfg.Tolerance && leakgc.Collect() {
				// The collector marks goroutines it proves stuck; print
				// the stacks again to see the marks.
				d.Release()
				d = dump.Take()
				s.resolveDump(d.Text)
			}
			report := s.report(test, d.Text, running > s.cfg.Tolerance, seen, now, open)
			d.Release()
			return report
		}
		d.Release()
		interval = dump.NextInterval(interval, dumpCost)
		next := now.Add(interval)
		end := deadline
		if !now.Before(deadline) {
			end = graceEnd
		}
		if next.After(end) {
			next = end
		}
		dump.WaitForExit(next, dumpCost)
	}
}

// count returns how many of the dump's goroutines the check owns, and how
// many of those are still progressing and may finish before graceEnd
// (see sleepsPast).
//
// It is the first look at each dump, so it also decides the unlabelled
// goroutines not decided yet, all together (see ownership.Judge.Resolve).
func (s *Session) count(dump []byte, graceEnd time.Time) (owned, progressing int) {
	var undecided []stack.Goroutine
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.undecided(&g) {
			undecided = append(undecided, g)
			continue
		}
		if s.owns(&g) {
			owned++
			if budget.Progressing(&g) && !s.sleepsPast(&g, graceEnd) {
				progressing++
			}
		}
	}
	s.judge.Resolve(undecided)
	for i := range undecided {
		if s.owns(&undecided[i]) {
			owned++
			if budget.Progressing(&undecided[i]) && !s.sleepsPast(&undecided[i], graceEnd) {
				progressing++
			}
		}
	}
	return owned, progressing
}

// sleepsPast reports whether g is asleep in a time.Sleep that cannot end
// before end: the call began no earlier than the check (g was started
// during it) and was given longer than the check may still wait. Such a
// goroutine earns no grace, since it will be reported at the grace's end
// anyway (a goroutine sleeping an hour, not one sleeping in a loop 10ms
// at a time). It does not allocate.
func (s *Session) sleepsPast(g *stack.Goroutine, end time.Time) bool {
	d, ok := budget.Sleep(g)
	if !ok || !s.startedDuring(g) {
		return false
	}
	return s.started.Add(d).After(end)
}

// startedDuring reports whether g certainly began after the check did:
// it carries the check's label, or (snapshot mode) it was not running when
// the check took its snapshot.
func (s *Session) startedDuring(g *stack.Goroutine) bool {
	if s.label != "" {
		v, ok := stack.Label(g.Labels, TestLabel)
		return ok && string(v) == s.label
	}
	return s.before != nil && !s.before[g.ID] && !s.testMain
}

// observe records, for each owned goroutine, since when it has been in
// its current state.
func (s *Session) observe(dump []byte, seen map[uint64]observation, now time.Time) map[uint64]observation {
	next := make(map[uint64]observation, len(seen))
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if !s.owns(&g) {
			continue
		}
		if o, ok := seen[g.ID]; ok && o.state == string(g.State) {
			next[g.ID] = o
		} else {
			next[g.ID] = observation{state: string(g.State), since: now}
		}
	}
	return next
}
