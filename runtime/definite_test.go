package leak

import (
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/leakgc"
)

func definiteNeedsProfile(t *testing.T) {
	t.Helper()
	if !leakgc.Available() {
		t.Skipf("%s has no goroutineleak profile (Go 1.27 has it; Go 1.26 needs GOEXPERIMENT=goroutineleakprofile)", runtime.Version())
	}
}

func definiteBlockForever() { <-make(chan int) }

// TestCheckReportsProvenLeakAtOnce: a goroutine blocked on a channel
// nothing else holds is proven by the collector and reported long before
// the timeout, marked definite. With a minute's timeout, only the proof
// can make the check return early.
func TestCheckReportsProvenLeakAtOnce(t *testing.T) {
	definiteNeedsProfile(t)
	t.Parallel()
	const timeout = time.Minute
	rec := &verifyRecorder{name: "TestProven"}
	start := time.Now()
	VerifyNoLeaks(rec, func() { go definiteBlockForever() }, WithTimeout(timeout), WithProgressGrace(0))
	if waited := time.Since(start); waited >= timeout {
		t.Errorf("the check waited %v, its whole timeout", waited)
	}
	verifyContains(t, rec.single(t),
		"leak: 1 goroutine started by TestProven still running after",
		"1 × chan receive", "[definite leak",
		"blocked at  github.com/leaklint/leaklint/runtime.definiteBlockForever")
}

// TestCheckWaitsForUnprovenGoroutines: when one of the check's goroutines
// is proven and another is not (its channel is still reachable), the check
// waits for the timeout as before, and still marks the proven one.
func TestCheckWaitsForUnprovenGoroutines(t *testing.T) {
	definiteNeedsProfile(t)
	t.Parallel()
	const timeout = 100 * time.Millisecond
	reachable := make(chan struct{})
	defer close(reachable)
	rec := &verifyRecorder{name: "TestMixed"}
	start := time.Now()
	VerifyNoLeaks(rec, func() {
		go definiteBlockForever()
		go verifyParkedReceive(reachable)
	}, WithTimeout(timeout), WithProgressGrace(0))
	if waited := time.Since(start); waited < timeout {
		t.Errorf("reported after %v, before the %v timeout, although one goroutine was not proven", waited, timeout)
	}
	report := rec.single(t)
	verifyContains(t, report, "2 goroutines started by TestMixed")
	verifyContains(t, report, "[definite leak", "blocked at  github.com/leaklint/leaklint/runtime.definiteBlockForever")
	verifyContains(t, report, "blocked at  github.com/leaklint/leaklint/runtime.verifyParkedReceive")
}

// TestDetectorProvenLeakWithTolerance: proven goroutines within the
// tolerance are not a leak; the check passes once the others exit.
func TestDetectorProvenLeakWithinTolerance(t *testing.T) {
	definiteNeedsProfile(t)
	t.Parallel()
	rec := &verifyRecorder{name: "TestTolerated"}
	VerifyNoLeaks(rec, func() { go definiteBlockForever() }, WithTolerance(1), WithTimeout(50*time.Millisecond))
	rec.none(t)
}

// TestCheckProvesMutexFnAllocated: a goroutine blocked on a mutex that fn
// allocated is proven at once. A mutex is a small object without
// pointers, which the runtime packs into a block with others; unless the
// check starts fn on a block of its own, the first one shares a block
// with what the test or the check keep live, and the collector never
// proves it.
func TestCheckProvesMutexFnAllocated(t *testing.T) {
	definiteNeedsProfile(t)
	// A small pointer-free object of the test's, live across the check.
	live := new(uint32)
	r, err := FindLeaks(func() {
		mu := new(sync.Mutex)
		mu.Lock()
		//leaklint:ignore missingunlock blocked on purpose: the check must prove this goroutine leaked
		go func() { mu.Lock() }()
	})
	runtime.KeepAlive(live)
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || len(r.Leaks) != 1 {
		t.Fatalf("report = %v, want the goroutine blocked on the mutex", r)
	}
	if !r.Leaks[0].Definite {
		t.Errorf("the blocked goroutine was not proven leaked:\n%v", r)
	}
	if r.Waited >= DefaultTimeout/2 {
		t.Errorf("reported after %v: the check took the timeout path", r.Waited)
	}
}
