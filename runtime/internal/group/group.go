// Package group gathers a check's leaked goroutines into the groups a
// report lists: same state, same frame blamed, same creation site and
// origin, reported the same way; largest group first.
package group

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/reporttext"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// OriginLabel is the label the stream package puts on the goroutines it
// starts: the "file:line" of the user's call that created them.
const OriginLabel = "leaklint.origin"

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

// Collect groups the goroutines of dump that include accepts. annotate
// fills in what only the check knows of one (Kind, Owner, and BlockedFor
// as long as the check has seen it in its state); Collect raises
// BlockedFor to the runtime's own count of minutes and adds the advice for
// HTTP connections. Only included goroutines are described: a dump of
// thousands of others costs no allocation each.
func Collect(dump []byte, include func(*stack.Goroutine) bool, annotate func(*stack.Goroutine, *Group)) []Group {
	index := map[string]int{}
	var groups []Group
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if !include(&g) {
			continue
		}
		lg := Describe(&g)
		annotate(&g, &lg)
		lg.Advice = httppool.Advice(&g)
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

// DroppedTransports groups the idle HTTP connections in dump, of the
// goroutines mine accepts, whose transport was dropped (see
// httppool.Dropped, which takes new dumps with take), one group per
// connection, with the advice to close idle connections.
func DroppedTransports(dump []byte, mine func(*stack.Goroutine) bool, take func() ([]byte, func())) []Group {
	conns := map[uint64]uintptr{}
	groups := map[uint64]Group{}
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if conn, ok := httppool.IdleReadLoop(&g); ok && mine(&g) {
			conns[g.ID] = conn
			group := Describe(&g)
			group.Advice = httppool.DroppedAdvice
			groups[g.ID] = group
		}
	}
	var dropped []Group
	for _, id := range httppool.Dropped(conns, take) {
		dropped = append(dropped, groups[id])
	}
	return dropped
}
