package leak

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"reflect"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leaklint/leaklint/internal/track"
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

// report groups the check's goroutines in dump (when withGoroutines) and
// lists its open resources.
func (s *detectorSession) report(test string, dump []byte, withGoroutines bool, seen map[uint64]detectorObservation, now time.Time, open []*track.Resource) *LeakReport {
	r := &LeakReport{Version: 1, Test: test, Tolerance: s.cfg.tolerance, Leaks: []LeakedGoroutines{}, Unclosed: []UnclosedResource{}}
	if withGoroutines {
		r.Leaks = s.group(dump, seen, now)
	}
	for _, res := range open {
		r.Unclosed = append(r.Unclosed, UnclosedResource{Kind: res.Kind, Origin: parsePosition(res.Origin)})
	}
	return r
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
		if o, ok := seen[g.ID]; ok && o.state == lg.State {
			lg.BlockedFor = now.Sub(o.since).Round(time.Millisecond)
		}
		lg.BlockedFor = max(lg.BlockedFor, time.Duration(g.WaitMinutes)*time.Minute)
		key := fmt.Sprint(lg.State, lg.Definite, lg.Function, lg.Position, lg.CreatedBy, lg.Origin)
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
	var f, innermost stack.Frame
	found := false
	for it := stack.NewFrames(g); it.Next(&f); {
		if len(innermost.Func) == 0 {
			innermost = f
		}
		if !detectorIsStd(f.File) {
			found = true
			break
		}
	}
	if !found {
		f = innermost
	}
	lg.Function = string(f.Func)
	lg.Position = Position{File: string(f.File), Line: f.Line}
	if raw, ok := stack.Label(g.Labels, originLabel); ok {
		lg.Origin = parsePosition(stack.Unquote(raw))
	}
	return lg
}

// goroutineCount is the number of leaked goroutines in the report.
func (r *LeakReport) goroutineCount() int {
	n := 0
	for _, g := range r.Leaks {
		n += g.Count
	}
	return n
}

// String formats the report for a test log: a summary, then each group
// led by where it blocks and where it was created, then the open
// resources, then one full stack per group.
func (r *LeakReport) String() string {
	var b strings.Builder
	who := r.Test
	if who == "" {
		who = "the check"
	}
	var parts []string
	if n := r.goroutineCount(); n > 0 {
		tol := ""
		if r.Tolerance > 0 {
			tol = fmt.Sprintf(", more than the tolerance of %d", r.Tolerance)
		}
		parts = append(parts, fmt.Sprintf("%d %s started by %s still running after %v%s", n, detectorPlural(n, "goroutine"), who, r.Waited.Round(time.Millisecond), tol))
	}
	if n := len(r.Unclosed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d stream %s created by %s never closed", n, detectorPlural(n, "resource"), who))
	}
	fmt.Fprintf(&b, "leak: %s\n", strings.Join(parts, "; "))
	for i, g := range r.Leaks {
		definite := ""
		if g.Definite {
			definite = " [definite leak: unreachable, the garbage collector proved it]"
		}
		fmt.Fprintf(&b, "\n[%d] %d × %s, blocked for %v%s\n", i+1, g.Count, g.State, g.BlockedFor, definite)
		fmt.Fprintf(&b, "    blocked at  %s\n                %s\n", g.Function, g.Position)
		if g.CreatedBy.Function != "" {
			fmt.Fprintf(&b, "    created by  %s\n                %s:%d\n", g.CreatedBy.Function, g.CreatedBy.File, g.CreatedBy.Line)
		}
		if g.Origin != nil {
			fmt.Fprintf(&b, "    origin      %s\n", g.Origin)
		}
	}
	if len(r.Unclosed) > 0 {
		b.WriteString("\nnever closed:\n")
		for _, u := range r.Unclosed {
			where := "at an unknown place"
			if u.Origin != nil {
				where = "at " + u.Origin.String()
			}
			fmt.Fprintf(&b, "    %s created %s\n", u.Kind, where)
		}
	}
	if len(r.Leaks) > 0 {
		b.WriteString("\nstacks (one per group):\n")
		for i, g := range r.Leaks {
			fmt.Fprintf(&b, "\n[%d] %s\n", i+1, g.Stack)
		}
	}
	return b.String()
}

func detectorPlural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// detectorIsStd reports whether a frame's file is in the standard
// library, so that a report can point at the user's code instead.
func detectorIsStd(file []byte) bool {
	if root := detectorStdRoot(); root != "" {
		return bytes.HasPrefix(file, []byte(root))
	}
	// Built with -trimpath: standard packages print as "fmt/print.go",
	// module code as "example.com/mod/file.go".
	first, _, _ := bytes.Cut(file, []byte("/"))
	return !bytes.Contains(first, []byte("."))
}

// detectorStdRoot is GOROOT/src/ as this binary records it, found from a
// runtime function's file.
var detectorStdRoot = sync.OnceValue(func() string {
	f := goruntime.FuncForPC(reflect.ValueOf(goruntime.NumGoroutine).Pointer())
	if f == nil {
		return ""
	}
	file, _ := f.FileLine(f.Entry())
	if i := strings.LastIndex(file, "/runtime/"); i > 0 {
		return file[:i+1]
	}
	return ""
})
