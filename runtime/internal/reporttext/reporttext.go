// Package reporttext renders a failing check's report as a test log shows
// it: a summary line that says whose goroutines are left and for how long
// the check waited, then each group led by where it is stuck and where it
// was created, then the stream values never closed, then one full stack
// per group.
package reporttext

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/budget"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Kind says whose a group's goroutines are.
type Kind uint8

const (
	// Test: started by the check's own code.
	Test Kind = iota
	// Unattributed: started during the check with no test label (a timer
	// callback, a runtime-internal creator) while other checks were
	// running too, so no one test can be blamed.
	Unattributed
	// ProcessLifetime: started once for the life of the process (under
	// sync.Once, or by a package-level initialiser), reached for the
	// first time during the check.
	ProcessLifetime
)

// Report is what the text shows of a report.
type Report struct {
	Test      string // "" for a check outside a test
	Waited    time.Duration
	Tolerance int
	Groups    []Group
	Unclosed  []Unclosed
}

// Group is one group of leaked goroutines.
type Group struct {
	Count      int
	State      string
	BlockedFor time.Duration
	Definite   bool
	Function   string // where it is stuck
	Position   string // file:line
	CreatedBy  string // the creating function, "" when none
	CreatedAt  string // its file:line
	Origin     string // the stream call that started it, "" when unknown
	Stack      string
	Kind       Kind
	Owner      string // the owning test, under VerifyTestMain
	Advice     string // a fix to suggest
}

// Unclosed is one stream value never closed.
type Unclosed struct {
	Kind   string
	Origin string // file:line, "" when unknown
}

// String renders the report.
func (r *Report) String() string {
	var b strings.Builder
	who := r.Test
	if who == "" {
		who = "the check"
	}
	starter := who
	if owners := r.owners(); owners != "" {
		if strings.Contains(owners, "(") {
			starter = "the tests " + owners
		} else {
			starter = owners
		}
	}
	var parts []string
	if n := r.count(Test); n > 0 {
		tol := ""
		if r.Tolerance > 0 {
			tol = fmt.Sprintf(", more than the tolerance of %d", r.Tolerance)
		}
		parts = append(parts, fmt.Sprintf("%d %s started by %s still running after %v%s", n, Plural(n, "goroutine"), starter, r.Waited.Round(time.Millisecond), tol))
	}
	if n := r.count(Unattributed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d unattributed %s (no test label: a timer callback or the runtime started %s while other checks ran) still running", n, Plural(n, "goroutine"), Plural(n, "it", "them")))
	}
	if n := r.count(ProcessLifetime); n > 0 {
		parts = append(parts, fmt.Sprintf("%d process-lifetime %s first started during %s (once per process; not this test's leak, silence with leak.WithIgnoreProcessLifetime())", n, Plural(n, "goroutine"), who))
	}
	if n := len(r.Unclosed); n > 0 {
		parts = append(parts, fmt.Sprintf("%d stream %s created by %s never closed", n, Plural(n, "resource"), who))
	}
	fmt.Fprintf(&b, "leak: %s\n", strings.Join(parts, "; "))
	for i, g := range r.Groups {
		definite := ""
		if g.Definite {
			definite = " [definite leak: unreachable, the garbage collector proved it]"
		}
		what := ""
		switch g.Kind {
		case Unattributed:
			what = "unattributed: "
		case ProcessLifetime:
			what = "process-lifetime: "
		}
		if word := ProgressWord(g.State, g.Definite); word != "" {
			fmt.Fprintf(&b, "\n[%d] %s%d × %s%s\n", i+1, what, g.Count, word, definite)
		} else if g.BlockedFor > 0 {
			fmt.Fprintf(&b, "\n[%d] %s%d × %s, blocked for %v%s\n", i+1, what, g.Count, g.State, g.BlockedFor, definite)
		} else {
			// Seen blocked only at the last look (a check with a tiny
			// timeout, or one that reported at its first dump): how
			// long is unknown, and "blocked for 0s" would read as "just
			// now", which a leak seldom is.
			fmt.Fprintf(&b, "\n[%d] %s%d × %s, blocked when checked%s\n", i+1, what, g.Count, g.State, definite)
		}
		at := "blocked at"
		if ProgressWord(g.State, g.Definite) != "" {
			at = "now in"
		}
		fmt.Fprintf(&b, "    %-10s  %s\n                %s\n", at, g.Function, g.Position)
		if g.CreatedBy != "" {
			fmt.Fprintf(&b, "    created by  %s\n                %s\n", g.CreatedBy, g.CreatedAt)
		}
		if g.Origin != "" {
			fmt.Fprintf(&b, "    origin      %s\n", g.Origin)
		}
		if g.Owner != "" {
			fmt.Fprintf(&b, "    test        %s\n", g.Owner)
		}
		if g.Advice != "" {
			fmt.Fprintf(&b, "    fix         %s\n", g.Advice)
		}
	}
	if len(r.Unclosed) > 0 {
		b.WriteString("\nnever closed:\n")
		for _, u := range r.Unclosed {
			where := "at an unknown place"
			if u.Origin != "" {
				where = "at " + u.Origin
			}
			fmt.Fprintf(&b, "    %s created %s\n", u.Kind, where)
		}
	}
	if len(r.Groups) > 0 {
		b.WriteString("\nstacks (one per group):\n")
		for i, g := range r.Groups {
			fmt.Fprintf(&b, "\n[%d] %s\n", i+1, g.Stack)
		}
	}
	return b.String()
}

// count is the number of leaked goroutines of kind in the report.
func (r *Report) count(kind Kind) int {
	n := 0
	for _, g := range r.Groups {
		if g.Kind == kind {
			n += g.Count
		}
	}
	return n
}

// owners names the tests that own the report's goroutines, when a
// VerifyTestMain check could tell them: "TestA" or "TestA (2), TestB (1)";
// "" when it could tell none.
func (r *Report) owners() string {
	counts := map[string]int{}
	var names []string
	for _, g := range r.Groups {
		if g.Kind != Test || g.Owner == "" {
			continue
		}
		if counts[g.Owner] == 0 {
			names = append(names, g.Owner)
		}
		counts[g.Owner] += g.Count
	}
	if len(names) == 1 && counts[names[0]] == r.count(Test) {
		return names[0]
	}
	slices.Sort(names)
	var parts []string
	for _, n := range names {
		parts = append(parts, fmt.Sprintf("%s (%d)", n, counts[n]))
	}
	return strings.Join(parts, ", ")
}

// ProgressWord describes a goroutine that is not blocked: "running",
// "sleeping" or "in a system call"; "" for a blocked one.
func ProgressWord(state string, definite bool) string {
	if definite {
		return ""
	}
	switch state {
	case "running", "runnable":
		return "running"
	case "sleep":
		return "sleeping"
	case "syscall":
		return "in a system call"
	}
	if budget.Progressing(&stack.Goroutine{State: []byte(state)}) {
		return state
	}
	return ""
}

// Plural is word, or its plural (word+"s" unless given) when n is not 1.
func Plural(n int, word string, plural ...string) string {
	if n == 1 {
		return word
	}
	if len(plural) > 0 {
		return plural[0]
	}
	return word + "s"
}
