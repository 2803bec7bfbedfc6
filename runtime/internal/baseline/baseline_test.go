package baseline

import (
	goruntime "runtime"
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func parkedOld(ch chan struct{}) { <-ch }
func parkedNew(ch chan struct{}) { <-ch }

// find returns the goroutine running fn, once it is blocked.
func find(t *testing.T, fn string) *stack.Goroutine {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:goruntime.Stack(buf, true)]
		var g stack.Goroutine
		for it := stack.NewDump(buf); it.Next(&g); {
			var f stack.Frame
			fr := stack.NewFrames(&g)
			if fr.Next(&f) && string(f.Func) == fn && string(g.State) == "chan receive" {
				return &g
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s never blocked", fn)
		}
		goruntime.Gosched()
	}
}

func TestRunning(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	go parkedOld(release)
	old := find(t, "github.com/leaklint/leaklint/runtime/internal/baseline.parkedOld")
	b := Take()
	go parkedNew(release)
	young := find(t, "github.com/leaklint/leaklint/runtime/internal/baseline.parkedNew")
	if !b.Running(old) {
		t.Error("a goroutine parked before the baseline was not found in it")
	}
	if b.Running(young) {
		t.Error("a goroutine started after the baseline was found in it")
	}
}

// findAll returns the n goroutines blocked in fn, once they all are.
func findAll(t *testing.T, fn string, n int) []stack.Goroutine {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:goruntime.Stack(buf, true)]
		var gs []stack.Goroutine
		var g stack.Goroutine
		for it := stack.NewDump(buf); it.Next(&g); {
			var f stack.Frame
			fr := stack.NewFrames(&g)
			if fr.Next(&f) && string(f.Func) == fn && string(g.State) == "chan receive" {
				gs = append(gs, g)
			}
		}
		if len(gs) == n {
			return gs
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines in %s, want %d", len(gs), fn, n)
		}
		goruntime.Gosched()
	}
}

// Two goroutines with the same stack, one running when the baseline was
// taken and one started after: Running cannot tell them apart, Split
// can (the old one has the lower ID).
func TestSplitSameStack(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	const fn = "github.com/leaklint/leaklint/runtime/internal/baseline.parkedOld"
	go parkedOld(release)
	old := findAll(t, fn, 1)[0].ID
	b := Take()
	go parkedOld(release)
	gs := findAll(t, fn, 2)
	o, y := b.Split(gs)
	// Which of the two is called new is a best guess: the runtime hands
	// out goroutine IDs in per-P batches, so a later goroutine can have a
	// lower ID. What must hold is the count: one of each, both listed.
	if len(o) != 1 || len(y) != 1 || (o[0] != old && y[0] != old) {
		t.Errorf("Split = old %v, new %v; want one old and one new, %d among them", o, y, old)
	}
}
