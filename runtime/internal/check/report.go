package check

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/dump"
	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/reporttext"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Report is what a failing check found; package leak turns it into a
// LeakReport.
type Report struct {
	Test      string
	Waited    time.Duration
	Tolerance int
	Groups    []Group
	// Unclosed are the stream resources still open, oldest first.
	Unclosed []*track.Resource
}

// Group is a group of leaked goroutines that block in the same state at
// the same place, were created at the same place and are reported the
// same way.
type Group struct {
	Count      int
	State      string
	BlockedFor time.Duration
	Definite   bool
	// Function, File and Line are the frame the report points at (see
	// package blame).
	Function string
	File     string
	Line     int
	// CreatedBy, CreatedFile and CreatedLine are the go statement's
	// caller.
	CreatedBy   string
	CreatedFile string
	CreatedLine int
	// Origin is the OriginLabel value, unquoted: "file:line", or "".
	Origin string
	// Stack is the full stack of one goroutine of the group.
	Stack string
	// Kind says whose the goroutines are when they are not plainly the
	// test's; Owner names the test that started them when a
	// VerifyTestMain check can tell; Advice is a fix to suggest.
	Kind   reporttext.Kind
	Owner  string
	Advice string
}

// report groups the check's goroutines in dump (when withGoroutines) and
// lists its open resources.
func (s *Session) report(test string, dump []byte, withGoroutines bool, seen map[uint64]observation, now time.Time, open []*track.Resource) *Report {
	r := &Report{Test: test, Tolerance: s.cfg.Tolerance, Unclosed: open}
	if withGoroutines {
		r.Groups = s.group(dump, seen, now)
	}
	r.Groups = append(r.Groups, s.droppedTransports(dump)...)
	return r
}

// reportDropped reports the idle connections of dropped transports, the
// only thing a check found.
func (s *Session) reportDropped(test string, dropped []Group) *Report {
	return &Report{Test: test, Tolerance: s.cfg.Tolerance, Groups: dropped}
}

// group collects the owned goroutines by state, blocking frame, creation
// site and origin, largest group first.
func (s *Session) group(dump []byte, seen map[uint64]observation, now time.Time) []Group {
	index := map[string]int{}
	var groups []Group
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if !s.owns(&g) {
			continue
		}
		lg := Describe(&g)
		switch s.classify(&g, true) {
		case ownedUnattributed:
			lg.Kind = reporttext.Unattributed
		case ownedProcessLifetime:
			lg.Kind = reporttext.ProcessLifetime
		}
		lg.Advice = httppool.Advice(&g)
		if s.testMain {
			lg.Owner = owners.Test(&g, TestLabel)
		}
		if o, ok := seen[g.ID]; ok && o.state == lg.State {
			lg.BlockedFor = now.Sub(o.since).Round(time.Millisecond)
		}
		lg.BlockedFor = max(lg.BlockedFor, time.Duration(g.WaitMinutes)*time.Minute)
		key := fmt.Sprint(lg.State, lg.Definite, lg.Function, lg.File, lg.Line, lg.CreatedBy, lg.CreatedFile, lg.CreatedLine, lg.Origin, lg.Kind, lg.Owner, lg.Advice)
		if i, ok := index[key]; ok {
			groups[i].Count++
			groups[i].BlockedFor = max(groups[i].BlockedFor, lg.BlockedFor)
			continue
		}
		index[key] = len(groups)
		groups = append(groups, lg)
	}
	slices.SortStableFunc(groups, func(a, b Group) int { return cmp.Compare(b.Count, a.Count) })
	return groups
}

// Describe turns one goroutine into a group of one.
func Describe(g *stack.Goroutine) Group {
	f := blame.Frame(g)
	lg := Group{
		Count:       1,
		State:       string(g.State),
		Definite:    g.Leaked,
		Function:    string(f.Func),
		File:        string(f.File),
		Line:        f.Line,
		CreatedBy:   string(g.CreatedBy.Func),
		CreatedFile: string(g.CreatedBy.File),
		CreatedLine: g.CreatedBy.Line,
		Stack:       string(g.Text),
	}
	if raw, ok := stack.Label(g.Labels, OriginLabel); ok {
		lg.Origin = stack.Unquote(raw)
	}
	return lg
}

// droppedTransports reports the idle HTTP connections, in dump, that the
// check's code opened on a transport it then dropped (package httppool).
// It returns nil at once unless the check saw idle connections of its own
// (s.sawIdleConn).
func (s *Session) droppedTransports(text []byte) []Group {
	if !s.sawIdleConn {
		return nil
	}
	s.sawIdleConn = false
	conns := map[uint64]uintptr{}
	groups := map[uint64]Group{}
	var g stack.Goroutine
	for it := stack.NewDump(text); it.Next(&g); {
		if conn, ok := httppool.IdleReadLoop(&g); ok && s.mine(&g) {
			conns[g.ID] = conn
			group := Describe(&g)
			group.Advice = httppool.DroppedAdvice
			groups[g.ID] = group
		}
	}
	var dropped []Group
	for _, id := range httppool.Dropped(conns, func() ([]byte, func()) {
		d := dump.Take()
		return d.Text, d.Release
	}) {
		dropped = append(dropped, groups[id])
	}
	return dropped
}
