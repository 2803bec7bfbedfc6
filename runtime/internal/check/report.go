package check

import (
	"time"

	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/dump"
	"github.com/leaklint/leaklint/runtime/internal/group"
	"github.com/leaklint/leaklint/runtime/internal/ownership"
	"github.com/leaklint/leaklint/runtime/internal/reporttext"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Report is what a failing check found; package leak turns it into a
// LeakReport.
type Report struct {
	Test      string
	Waited    time.Duration
	Tolerance int
	Groups    []group.Group
	// Unclosed are the stream resources still open, oldest first.
	Unclosed []*track.Resource
}

// report groups the check's goroutines in dump (when withGoroutines) and
// lists its open resources.
func (s *Session) report(test string, dump []byte, withGoroutines bool, seen map[uint64]observation, now time.Time, open []*track.Resource) *Report {
	r := &Report{Test: test, Tolerance: s.cfg.Tolerance, Unclosed: open}
	if withGoroutines {
		r.Groups = group.Collect(dump, s.owns, func(g *stack.Goroutine, lg *group.Group) {
			switch s.judge.Classify(g, true) {
			case ownership.Unattributed:
				lg.Kind = reporttext.Unattributed
			case ownership.ProcessLifetime:
				lg.Kind = reporttext.ProcessLifetime
			}
			if s.testMain {
				lg.Owner = owners.Test(g, TestLabel)
			}
			if o, ok := seen[g.ID]; ok && o.state == lg.State {
				lg.BlockedFor = now.Sub(o.since).Round(time.Millisecond)
			}
		})
	}
	r.Groups = append(r.Groups, s.droppedTransports(dump)...)
	return r
}

// reportDropped reports the idle connections of dropped transports, the
// only thing a check found.
func (s *Session) reportDropped(test string, dropped []group.Group) *Report {
	return &Report{Test: test, Tolerance: s.cfg.Tolerance, Groups: dropped}
}

// droppedTransports reports the idle HTTP connections, in text, that the
// check's code opened on a transport it then dropped. It returns nil at
// once unless the check saw idle connections of its own
// (ownership.Judge.SawIdleConn).
func (s *Session) droppedTransports(text []byte) []group.Group {
	if !s.judge.SawIdleConn() {
		return nil
	}
	return group.DroppedTransports(text, s.judge.Mine, func() ([]byte, func()) {
		d := dump.Take()
		return d.Text, d.Release
	})
}
