// Package baseline remembers which goroutines were running when a check
// began, cheaply enough to take for every check: runtime.GoroutineProfile
// records their stacks as program counters, a tenth of the cost of a text
// dump, and nothing is symbolised unless a goroutine is asked about.
//
// Goroutines have no identity that both a profile and a dump show, so
// the baseline counts the goroutines with each stack: Count says how many
// with a goroutine's stack were running at the start, and the caller
// tells old from new among those it sees with that stack (by goroutine
// ID: see Count). A goroutine that has moved since is taken for a new
// one, which is rare for the timer and runtime goroutines a check asks
// about.
package baseline

import (
	"bytes"
	"fmt"
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Baseline is the goroutines running when Take was called. It is not safe
// for concurrent use.
type Baseline struct {
	records []goruntime.StackRecord
	// starts counts them by signature, built on first need.
	starts map[string]int
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
func (b *Baseline) Running(g *stack.Goroutine) bool { return b.Count(g) > 0 }

// Count returns how many goroutines with g's stack were running when the
// baseline was taken. When a dump shows more with that stack, the
// surplus is new (see Split), so that a goroutine left behind by an
// earlier check with the same stack as a new one (a test run with
// -count, a table of cases) does not hide the new one.
func (b *Baseline) Count(g *stack.Goroutine) int {
	return b.countSignature(textSignature(g))
}

// countSignature is Count for a stack's signature.
func (b *Baseline) countSignature(sig string) int {
	if b.starts == nil {
		b.starts = map[string]int{}
		seen := map[string]int{}
		for i := range b.records {
			seen[fmt.Sprint(b.records[i].Stack())]++
		}
		done := map[string]bool{}
		for i := range b.records {
			pcs := b.records[i].Stack()
			key := fmt.Sprint(pcs)
			if done[key] {
				continue
			}
			done[key] = true
			b.starts[pcSignature(pcs)] += seen[key]
		}
	}
	return b.starts[sig]
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

// Split sorts gs, goroutines of one dump, by their stacks. fresh are
// those whose stack no goroutine had when the baseline was taken: new for
// certain. The others share their stack with goroutines that were running
// then, and only their number tells: of those with one stack, the surplus
// over the baseline's count is new. Which ones are is a guess (young gets
// the highest IDs; IDs grow as goroutines are created, but not strictly,
// since each P takes them in batches), so a caller should decide on the
// number, again at each dump, and not remember which goroutine it was.
func (b *Baseline) Split(gs []stack.Goroutine) (fresh, young, old []uint64) {
	bySig := map[string][]uint64{}
	var order []string
	for i := range gs {
		sig := textSignature(&gs[i])
		if _, ok := bySig[sig]; !ok {
			order = append(order, sig)
		}
		bySig[sig] = append(bySig[sig], gs[i].ID)
	}
	for _, sig := range order {
		ids := bySig[sig]
		n := b.countSignature(sig)
		if n == 0 {
			fresh = append(fresh, ids...)
			continue
		}
		slices.Sort(ids)
		n = min(n, len(ids))
		old = append(old, ids[:n]...)
		young = append(young, ids[n:]...)
	}
	return fresh, young, old
}
