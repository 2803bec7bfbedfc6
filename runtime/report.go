package leak

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/reporttext"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// LeakReport is what a failing check found. Its JSON form is the file
// written to LEAKLINT_REPORT_DIR, which `leaklint confirm` reads.
type LeakReport struct {
	Version  int                `json:"version"`
	Test     string             `json:"test"`
	Leaks    []LeakedGoroutines `json:"leaks"`
	Unclosed []UnclosedResource `json:"unclosed"`
	// Waited is how long the check waited before reporting.
	Waited time.Duration `json:"-"`
	// Tolerance is the number of goroutines the check accepted.
	Tolerance int `json:"-"`
}

// LeakedGoroutines is a group of leaked goroutines that block in the same
// state at the same place and were created at the same place.
type LeakedGoroutines struct {
	Count int    `json:"count"`
	State string `json:"state"`
	// BlockedFor is how long the goroutines have been seen in State: at
	// least as long as the check watched them, or the runtime's own
	// count of minutes when that is longer.
	BlockedFor time.Duration `json:"-"`
	// Definite is set when the garbage collector proved the goroutines
	// can never be woken (GOEXPERIMENT=goroutineleakprofile).
	Definite bool `json:"definite"`
	// Function and Position are the innermost frame outside the standard
	// library: where the user's code is blocked.
	Function  string    `json:"function"`
	Position  Position  `json:"position"`
	CreatedBy CallSite  `json:"created_by"`
	Origin    *Position `json:"origin,omitempty"`
	// Stack is the full stack of one goroutine of the group.
	Stack string `json:"stack"`

	// kind says whose the goroutines are when they are not plainly the
	// test's (see detectorKind); owner names the test that started them
	// when a VerifyTestMain check can tell; advice is a fix to suggest.
	kind   detectorKind
	owner  string
	advice string
}

// detectorKind classes the goroutines a check reports.
type detectorKind uint8

const (
	// detectorKindTest: started by the check's own code.
	detectorKindTest detectorKind = iota
	// detectorKindUnattributed: started during the check with no test
	// label (a timer callback, a runtime-internal creator) while other
	// checks were running too, so no one test can be blamed.
	detectorKindUnattributed
	// detectorKindProcessLifetime: started once for the life of the
	// process (under sync.Once, or by a package-level initialiser),
	// reached for the first time during the check.
	detectorKindProcessLifetime
)

// MarshalJSON writes BlockedFor as a duration string ("2m0s").
func (g LeakedGoroutines) MarshalJSON() ([]byte, error) {
	type plain LeakedGoroutines
	return json.Marshal(struct {
		plain
		BlockedFor string `json:"blocked_for"`
	}{plain(g), g.BlockedFor.String()})
}

// Position is a file and line as runtime.Stack prints them.
type Position struct {
	File string `json:"file"`
	Line int    `json:"line"`
}

func (p Position) String() string { return p.File + ":" + strconv.Itoa(p.Line) }

// CallSite is a function and where it is.
type CallSite struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// UnclosedResource is a stream value created during the check and never
// released.
type UnclosedResource struct {
	Kind   string    `json:"kind"`
	Origin *Position `json:"origin,omitempty"`
}

// parsePosition splits "file:line"; it returns nil for anything else.
func parsePosition(s string) *Position {
	i := strings.LastIndexByte(s, ':')
	if i <= 0 {
		return nil
	}
	line, err := strconv.Atoi(s[i+1:])
	if err != nil || line < 0 {
		return nil
	}
	return &Position{File: s[:i], Line: line}
}

// report groups the check's goroutines in dump (when withGoroutines) and
// lists its open resources.
func (s *detectorSession) report(test string, dump []byte, withGoroutines bool, seen map[uint64]detectorObservation, now time.Time, open []*track.Resource) *LeakReport {
	r := &LeakReport{Version: 1, Test: test, Tolerance: s.cfg.tolerance, Leaks: []LeakedGoroutines{}, Unclosed: []UnclosedResource{}}
	if withGoroutines {
		r.Leaks = s.group(dump, seen, now)
	}
	r.Leaks = append(r.Leaks, s.droppedTransports(dump)...)
	for _, res := range open {
		r.Unclosed = append(r.Unclosed, UnclosedResource{Kind: res.Kind, Origin: parsePosition(res.Origin)})
	}
	return r
}

// reportDropped reports the idle connections of dropped transports, the
// only thing a check found.
func (s *detectorSession) reportDropped(test string, dropped []LeakedGoroutines) *LeakReport {
	return &LeakReport{Version: 1, Test: test, Tolerance: s.cfg.tolerance, Leaks: dropped, Unclosed: []UnclosedResource{}}
}

// group collects the owned goroutines by state, blocking frame, creation
// site and origin, largest group first.
func (s *detectorSession) group(dump []byte, seen map[uint64]detectorObservation, now time.Time) []LeakedGoroutines {
	index := map[string]int{}
	var groups []LeakedGoroutines
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if !s.owns(&g) {
			continue
		}
		lg := detectorDescribe(&g)
		switch s.classify(&g, true) {
		case detectorOwnedUnattributed:
			lg.kind = detectorKindUnattributed
		case detectorOwnedProcessLifetime:
			lg.kind = detectorKindProcessLifetime
		}
		lg.advice = httppool.Advice(&g)
		if s.testMain {
			lg.owner = detectorOwners.Test(&g, TestLabel)
		}
		if o, ok := seen[g.ID]; ok && o.state == lg.State {
			lg.BlockedFor = now.Sub(o.since).Round(time.Millisecond)
		}
		lg.BlockedFor = max(lg.BlockedFor, time.Duration(g.WaitMinutes)*time.Minute)
		key := fmt.Sprint(lg.State, lg.Definite, lg.Function, lg.Position, lg.CreatedBy, lg.Origin, lg.kind, lg.owner, lg.advice)
		if i, ok := index[key]; ok {
			groups[i].Count++
			groups[i].BlockedFor = max(groups[i].BlockedFor, lg.BlockedFor)
			continue
		}
		index[key] = len(groups)
		groups = append(groups, lg)
	}
	slices.SortStableFunc(groups, func(a, b LeakedGoroutines) int { return cmp.Compare(b.Count, a.Count) })
	return groups
}

// detectorDescribe turns one goroutine into a group of one.
func detectorDescribe(g *stack.Goroutine) LeakedGoroutines {
	lg := LeakedGoroutines{
		Count:    1,
		State:    string(g.State),
		Definite: g.Leaked,
		CreatedBy: CallSite{
			Function: string(g.CreatedBy.Func),
			File:     string(g.CreatedBy.File),
			Line:     g.CreatedBy.Line,
		},
		Stack: string(g.Text),
	}
	f := blame.Frame(g)
	lg.Function = string(f.Func)
	lg.Position = Position{File: string(f.File), Line: f.Line}
	if raw, ok := stack.Label(g.Labels, originLabel); ok {
		lg.Origin = parsePosition(stack.Unquote(raw))
	}
	return lg
}

// detectorProgressWord describes a goroutine that is not blocked, for the
// report (see reporttext.ProgressWord).
func detectorProgressWord(state string, definite bool) string {
	return reporttext.ProgressWord(state, definite)
}

// String formats the report for a test log: a summary, then each group
// led by where it blocks and where it was created, then the open
// resources, then one full stack per group.
func (r *LeakReport) String() string {
	t := reporttext.Report{Test: r.Test, Waited: r.Waited, Tolerance: r.Tolerance}
	for _, g := range r.Leaks {
		tg := reporttext.Group{
			Count:      g.Count,
			State:      g.State,
			BlockedFor: g.BlockedFor,
			Definite:   g.Definite,
			Function:   g.Function,
			Position:   g.Position.String(),
			CreatedBy:  g.CreatedBy.Function,
			CreatedAt:  g.CreatedBy.File + ":" + strconv.Itoa(g.CreatedBy.Line),
			Stack:      g.Stack,
			Owner:      g.owner,
			Advice:     g.advice,
		}
		if g.Origin != nil {
			tg.Origin = g.Origin.String()
		}
		switch g.kind {
		case detectorKindUnattributed:
			tg.Kind = reporttext.Unattributed
		case detectorKindProcessLifetime:
			tg.Kind = reporttext.ProcessLifetime
		}
		t.Groups = append(t.Groups, tg)
	}
	for _, u := range r.Unclosed {
		tu := reporttext.Unclosed{Kind: u.Kind}
		if u.Origin != nil {
			tu.Origin = u.Origin.String()
		}
		t.Unclosed = append(t.Unclosed, tu)
	}
	return t.String()
}

// detectorPlural is word, or its plural (word+"s" unless given) when n
// is not 1.
func detectorPlural(n int, word string, plural ...string) string {
	return reporttext.Plural(n, word, plural...)
}
