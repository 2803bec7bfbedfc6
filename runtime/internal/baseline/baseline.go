// Package baseline remembers which goroutines were running when a check
// began, cheaply enough to take for every check: runtime.GoroutineProfile
// records their stacks as program counters, a tenth of the cost of a text
// dump, and nothing is symbolised unless a goroutine is asked about.
//
// Goroutines have no identity that both a profile and a dump show, so a
// goroutine counts as running at the start when one with the same stack
// was. A goroutine that has moved since is taken for a new one, and a new
// one identical to an old one for the old one; both are rare for the
// timer and runtime goroutines a check asks about.
package baseline

import (
	"bytes"
	"fmt"
	goruntime "runtime"
	"strconv"
	"strings"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Baseline is the goroutines running when Take was called. It is not safe
// for concurrent use.
type Baseline struct {
	records []goruntime.StackRecord
	// starts is the set of their signatures, built on first need.
	starts map[string]bool
}

// Take records the goroutines running now.
func Take() *Baseline {
	recs := make([]goruntime.StackRecord, goruntime.NumGoroutine()+16)
	for {
		n, ok := goruntime.GoroutineProfile(recs)
		if ok {
			return &Baseline{records: recs[:n]}
		}
		recs = make([]goruntime.StackRecord, n+n/4+16)
	}
}

// Running reports whether a goroutine with g's stack was running when the
// baseline was taken.
func (b *Baseline) Running(g *stack.Goroutine) bool {
	if b.starts == nil {
		b.starts = map[string]bool{}
		seen := map[string]bool{}
		for i := range b.records {
			pcs := b.records[i].Stack()
			key := fmt.Sprint(pcs)
			if seen[key] {
				continue
			}
			seen[key] = true
			b.starts[pcSignature(pcs)] = true
		}
	}
	return b.starts[textSignature(g)]
}

// pcSignature and textSignature describe a stack the same way from
// program counters and from a dump: its frames outside package runtime
// (which the two show differently), as "function:line" lines.
func pcSignature(pcs []uintptr) string {
	var b strings.Builder
	frames := goruntime.CallersFrames(pcs)
	for {
		f, more := frames.Next()
		if f.Function != "" && !strings.HasPrefix(f.Function, "runtime.") {
			b.WriteString(f.Function)
			b.WriteByte(':')
			b.WriteString(strconv.Itoa(f.Line))
			b.WriteByte('\n')
		}
		if !more {
			return b.String()
		}
	}
}

func textSignature(g *stack.Goroutine) string {
	var b strings.Builder
	var f stack.Frame
	for it := stack.NewFrames(g); it.Next(&f); {
		if bytes.HasPrefix(f.Func, []byte("runtime.")) {
			continue
		}
		b.Write(f.Func)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(f.Line))
		b.WriteByte('\n')
	}
	return b.String()
}
