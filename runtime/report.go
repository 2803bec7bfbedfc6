package leak

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/check"
	"github.com/leaklint/leaklint/runtime/internal/reporttext"
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
	// test's; owner names the test that started them
	// when a VerifyTestMain check can tell; advice is a fix to suggest.
	kind   reporttext.Kind
	owner  string
	advice string
}

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

// fromCheck turns what a check found into the public report. The slices
// are never nil, so that the JSON report lists none as [].
func fromCheck(c *check.Report) *LeakReport {
	r := &LeakReport{Version: 1, Test: c.Test, Waited: c.Waited, Tolerance: c.Tolerance, Leaks: []LeakedGoroutines{}, Unclosed: []UnclosedResource{}}
	for _, g := range c.Groups {
		r.Leaks = append(r.Leaks, LeakedGoroutines{
			Count:      g.Count,
			State:      g.State,
			BlockedFor: g.BlockedFor,
			Definite:   g.Definite,
			Function:   g.Function,
			Position:   Position{File: g.File, Line: g.Line},
			CreatedBy:  CallSite{Function: g.CreatedBy, File: g.CreatedFile, Line: g.CreatedLine},
			Origin:     parsePosition(g.Origin),
			Stack:      g.Stack,
			kind:       g.Kind,
			owner:      g.Owner,
			advice:     g.Advice,
		})
	}
	for _, res := range c.Unclosed {
		r.Unclosed = append(r.Unclosed, UnclosedResource{Kind: res.Kind, Origin: parsePosition(res.Origin)})
	}
	return r
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
		tg.Kind = g.kind
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
