package baseline

import (
	goruntime "runtime"
	"slices"
	"strconv"
	"strings"
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

// parkedReport parks like parkedOld, after sending its goroutine ID.
func parkedReport(id chan<- uint64, ch chan struct{}) {
	buf := make([]byte, 64)
	buf = buf[:goruntime.Stack(buf, false)]
	n, _ := strconv.ParseUint(strings.Fields(string(buf))[1], 10, 64)
	id <- n
	<-ch
}

// findIDs returns the goroutines with the given IDs, once all of them
// are blocked in a channel receive.
func findIDs(t *testing.T, ids ...uint64) []stack.Goroutine {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:goruntime.Stack(buf, true)]
		var gs []stack.Goroutine
		var g stack.Goroutine
		for it := stack.NewDump(buf); it.Next(&g); {
			if slices.Contains(ids, g.ID) && string(g.State) == "chan receive" {
				gs = append(gs, g)
			}
		}
		if len(gs) == len(ids) {
			return gs
		}
		if time.Now().After(deadline) {
			t.Fatalf("goroutines %v never all blocked", ids)
		}
		goruntime.Gosched()
	}
}

// Two goroutines with the same stack, one running when the baseline was
// taken and one started after: Running cannot tell them apart; Split
// says one of them is new, and one old. (Which is which is a guess:
// goroutine IDs are handed out in batches per P, so the older one may
// have the higher ID.)
func TestSplitSameStack(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	id := make(chan uint64)
	go parkedReport(id, release)
	old := <-id
	findIDs(t, old)
	b := Take()
	go parkedReport(id, release)
	young := <-id
	fresh, y, o := b.Split(findIDs(t, old, young))
	if len(fresh) != 0 || len(y) != 1 || len(o) != 1 {
		t.Errorf("Split = fresh %v, young %v, old %v; want one young and one old", fresh, y, o)
	}
	go parkedNew(release)
	g := find(t, "github.com/leaklint/leaklint/runtime/internal/baseline.parkedNew")
	if fresh, _, _ := b.Split([]stack.Goroutine{*g}); !slices.Equal(fresh, []uint64{g.ID}) {
		t.Errorf("a goroutine with a stack the baseline lacks is not fresh: %v", fresh)
	}
}
