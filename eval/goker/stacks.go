package goker

import (
	"regexp"
	"strconv"
	"strings"
)

// Goroutine is one goroutine a detector reported, reduced to what the
// expectations talk about.
type Goroutine struct {
	ID int
	// State is the wait reason without durations or the "(leaked)" mark.
	State string
	// Leaked is set when the runtime marked the goroutine as leaked (only
	// under GOEXPERIMENT=goroutineleakprofile).
	Leaked bool
	// Entry is the outermost frame of the goroutine, arguments included,
	// the frame Go's test matches: its function is what the go statement
	// started.
	Entry string
	Top   string
	// CreatedBy is the "created by" line without its prefix.
	CreatedBy string
}

// Key is the string Go's test matches against its expectations:
// "entry(args) [state]", with the main package prefix removed.
func (g Goroutine) Key() string {
	return strings.TrimPrefix(g.Entry, "main.") + " [" + g.State + "]"
}

var (
	// goroutine 18 [chan send (leaked)]:
	// goroutine 18 gp=0xc000 m=nil [chan send]:
	runtimeHeader = regexp.MustCompile(`^goroutine (\d+) (?:[^\[]*)\[(.*)\]:$`)
	// goleak's error text: Goroutine 18 in state chan send, with main.f on top of the stack:
	goleakHeader = regexp.MustCompile(`^Goroutine (\d+) in state (.*), with (.*) on top of the stack:$`)
)

// ParseStacks extracts goroutines from text holding goroutine tracebacks: a
// debug=2 goroutine or goroutineleak profile, runtime.Stack output, or
// goleak's error message (whose stacks follow its own headers). Text around
// the tracebacks is ignored.
func ParseStacks(text string) []Goroutine {
	var out []Goroutine
	var cur *Goroutine
	var lastFunc string
	flush := func() {
		if cur == nil {
			return
		}
		if cur.Entry == "" {
			cur.Entry = lastFunc
		}
		out = append(out, *cur)
		cur, lastFunc = nil, ""
	}
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimLeft(line, " [")
		if m := runtimeHeader.FindStringSubmatch(trimmed); m != nil {
			flush()
			id, _ := strconv.Atoi(m[1])
			state, leaked := normState(m[2])
			cur = &Goroutine{ID: id, State: state, Leaked: leaked}
			continue
		}
		if m := goleakHeader.FindStringSubmatch(trimmed); m != nil {
			flush()
			id, _ := strconv.Atoi(m[1])
			state, leaked := normState(m[2])
			cur = &Goroutine{ID: id, State: state, Leaked: leaked}
			continue
		}
		if cur == nil {
			continue
		}
		switch {
		case strings.HasPrefix(line, "\t"):
			// file:line of the frame above
		case strings.TrimSpace(line) == "" || strings.TrimSpace(line) == "]":
			flush()
		case strings.HasPrefix(line, "created by "):
			cur.CreatedBy = strings.TrimPrefix(line, "created by ")
			cur.Entry = lastFunc
		case strings.HasPrefix(line, "goroutine ") || strings.HasPrefix(line, "..."):
			// "...additional frames elided..." or an unknown header: not a frame.
		default:
			if cur.Top == "" {
				cur.Top = line
			}
			lastFunc = line
		}
	}
	flush()
	return out
}

// normState turns "chan send (leaked)" or "chan receive, 2 minutes" into
// "chan send" / "chan receive", keeping parenthesised details that are part
// of the wait reason, such as "(nil chan)".
func normState(s string) (state string, leaked bool) {
	// Go 1.26 prints goroutine labels inside the state's brackets, and
	// goleak copies them into its "in state ..." text.
	if i := strings.Index(s, " labels:{"); i >= 0 {
		s = s[:i]
	}
	if strings.Contains(s, " (leaked)") {
		leaked = true
		s = strings.ReplaceAll(s, " (leaked)", "")
	}
	if i := strings.Index(s, ", "); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s), leaked
}
