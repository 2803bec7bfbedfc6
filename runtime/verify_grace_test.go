package leak

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/budget"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// graceSleeper starts a goroutine that sleeps in a loop, 10ms at a time,
// until the time stored in until (UnixNano) has passed or the test ends.
// It returns once the goroutine is running.
func graceSleeper(t *testing.T, until *atomic.Int64) {
	t.Helper()
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	started := make(chan struct{})
	go func() {
		close(started)
		for time.Now().UnixNano() < until.Load() {
			select {
			case <-stop:
				return
			default:
			}
			time.Sleep(10 * time.Millisecond)
		}
	}()
	<-started
}

// graceForever is a deadline no test reaches: the sleeper runs until the
// test's cleanup stops it.
func graceForever() *atomic.Int64 {
	var until atomic.Int64
	until.Store(time.Now().Add(time.Hour).UnixNano())
	return &until
}

func TestProgressGraceSparesSleeperThatExits(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	var pendingAfterTimeout atomic.Bool
	var start time.Time
	opt := func(c *detectorConfig) {
		c.onDump = func(attempt, pending int) {
			if pending > 0 && time.Since(start) >= DefaultTimeout {
				pendingAfterTimeout.Store(true)
			}
		}
	}
	VerifyNoLeaks(rec, func() {
		var until atomic.Int64
		start = time.Now()
		until.Store(start.Add(500 * time.Millisecond).UnixNano())
		graceSleeper(t, &until)
	}, opt)
	rec.none(t)
	if !pendingAfterTimeout.Load() {
		t.Error("the check never saw the sleeper past the timeout; the grace was not exercised")
	}
}

func TestProgressGraceReportsEndlessSleeperAfterGrace(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name             string
		opts             []Option
		timeout, atLeast time.Duration
	}{
		{"default", nil, DefaultTimeout, 2 * DefaultTimeout},
		{"explicit", []Option{WithTimeout(100 * time.Millisecond), WithProgressGrace(150 * time.Millisecond)}, 100 * time.Millisecond, 250 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r, err := FindLeaks(func() { graceSleeper(t, graceForever()) }, tc.opts...)
			if err != nil {
				t.Fatal(err)
			}
			if r == nil {
				t.Fatal("the endless sleeper was not reported")
			}
			if r.Waited < tc.atLeast {
				t.Errorf("reported after %v, want at least timeout+grace = %v", r.Waited, tc.atLeast)
			}
			// Caught between two sleeps, the sleeper is runnable.
			if len(r.Leaks) != 1 || detectorProgressWord(r.Leaks[0].State, false) == "" {
				t.Fatalf("leaks = %+v, want one group sleeping or running", r.Leaks)
			}
			if s := r.String(); !strings.Contains(s, "1 × sleeping") && !strings.Contains(s, "1 × running") {
				t.Errorf("report does not say the goroutine is sleeping or running:\n%s", s)
			}
		})
	}
}

func TestProgressGraceDoesNotDelayBlockedLeak(t *testing.T) {
	t.Parallel()
	r, err := FindLeaks(func() { verifyParked(t, 1) })
	if err != nil {
		t.Fatal(err)
	}
	if r == nil {
		t.Fatal("the blocked goroutine was not reported")
	}
	if r.Leaks[0].State != "chan receive" {
		t.Errorf("state = %q, want chan receive", r.Leaks[0].State)
	}
	// The grace would add seconds; the slack is for a loaded machine.
	if limit := DefaultTimeout + 400*time.Millisecond; r.Waited >= limit {
		t.Errorf("blocked leak reported after %v, want before %v (no grace)", r.Waited, limit)
	}
}

// A blocked leak next to a goroutine still sleeping: the check waits for
// the sleeper and reports only the blocked one.
func TestProgressGraceReportsBlockedWithoutFinishedSleeper(t *testing.T) {
	t.Parallel()
	timeout := 100 * time.Millisecond
	r, err := FindLeaks(func() {
		verifyParked(t, 1)
		var until atomic.Int64
		until.Store(time.Now().Add(2 * timeout).UnixNano())
		graceSleeper(t, &until)
	}, WithTimeout(timeout), WithProgressGrace(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || len(r.Leaks) != 1 || r.Leaks[0].State != "chan receive" || r.Leaks[0].Count != 1 {
		t.Fatalf("report = %v, want the blocked goroutine alone", r)
	}
	if r.Waited >= time.Minute {
		t.Errorf("waited the whole grace (%v) although the sleeper exited", r.Waited)
	}
}

func TestProgressGraceZeroRestoresOldBehaviour(t *testing.T) {
	t.Parallel()
	timeout := 100 * time.Millisecond
	r, err := FindLeaks(func() { graceSleeper(t, graceForever()) }, WithTimeout(timeout), WithProgressGrace(0))
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || len(r.Leaks) != 1 || detectorProgressWord(r.Leaks[0].State, false) == "" {
		t.Fatalf("report = %v, want the sleeper", r)
	}
	if limit := timeout + 300*time.Millisecond; r.Waited < timeout || r.Waited >= limit {
		t.Errorf("reported after %v, want between %v and %v", r.Waited, timeout, limit)
	}
}

func TestProgressGraceInvalid(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	VerifyNoLeaks(rec, func() {}, WithProgressGrace(-time.Second))
	verifyContains(t, rec.single(t), "WithProgressGrace(-1s)")
}

func TestDetectorProgressingStates(t *testing.T) {
	for state, want := range map[string]bool{
		"sleep": true, "runnable": true, "running": true, "syscall": true,
		"preempted": true, "GC assist wait": true, "": true,
		"chan receive": false, "chan send": false, "select": false,
		"select (no cases)": false, "chan receive (nil chan)": false,
		"sync.Mutex.Lock": false, "sync.RWMutex.RLock": false,
		"sync.Cond.Wait": false, "sync.WaitGroup.Wait": false,
		"semacquire": false, "IO wait": false,
	} {
		g := stack.Goroutine{State: []byte(state)}
		if got := detectorProgressing(&g); got != want {
			t.Errorf("detectorProgressing(%q) = %v, want %v", state, got, want)
		}
	}
	g := stack.Goroutine{State: []byte("sleep"), Leaked: true}
	if detectorProgressing(&g) {
		t.Error("a goroutine the collector proved stuck counts as progressing")
	}
	if n := testing.AllocsPerRun(100, func() { detectorProgressing(&g) }); n != 0 {
		t.Errorf("detectorProgressing allocates %v times", n)
	}
}

// CPU-bound goroutines that finish 1.75s after the test's function
// returns, as under -race on two cores, are not reported with the
// default budgets.
func TestBudgetSlowCPUBoundExitPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("takes 1.75s")
	}
	rec := &verifyRecorder{name: "TestSlowExit"}
	var wg sync.WaitGroup
	VerifyNoLeaks(rec, func() {
		deadline := time.Now().Add(1750 * time.Millisecond)
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := 0
				for time.Now().Before(deadline) {
					for i := range 1000 {
						x += i
					}
				}
				_ = x
			}()
		}
	})
	wg.Wait()
	rec.none(t)
}

// The longer grace does not delay a blocked leak: it is reported when the
// timeout passes.
func TestBudgetBlockedLeakStillReportedAtTimeout(t *testing.T) {
	r, err := FindLeaks(func() { verifyParked(t, 1) })
	if err != nil {
		t.Fatal(err)
	}
	if r == nil {
		t.Fatal("the blocked goroutine was not reported")
	}
	if limit := DefaultTimeout + 400*time.Millisecond; r.Waited >= limit {
		t.Errorf("blocked leak reported after %v, want before %v", r.Waited, limit)
	}
}

func TestBudgetDefaultGraceScalesWithRace(t *testing.T) {
	cfg := newDetectorConfig(nil)
	want := budget.GraceFactor * DefaultTimeout
	if budget.Race() {
		want = budget.RaceGraceFactor * DefaultTimeout
	}
	if got := cfg.grace(); got != want {
		t.Errorf("default grace = %v, want %v (race build: %v)", got, want, budget.Race())
	}
	if got := newDetectorConfig([]Option{WithProgressGrace(time.Second)}).grace(); got != time.Second {
		t.Errorf("explicit grace = %v, want 1s", got)
	}
}

// A goroutine asleep in one time.Sleep longer than the check can wait
// cannot exit in time: it earns no grace and is reported at the timeout.
func TestProgressGraceNotEarnedBySleepPastIt(t *testing.T) {
	t.Parallel()
	const timeout, grace = 50 * time.Millisecond, 5 * time.Second
	r, err := FindLeaks(func() {
		started := make(chan struct{})
		go func() {
			close(started)
			time.Sleep(time.Hour)
		}()
		<-started
	}, WithTimeout(timeout), WithProgressGrace(grace))
	if err != nil {
		t.Fatal(err)
	}
	if r == nil || len(r.Leaks) != 1 {
		t.Fatalf("report = %v, want the sleeper", r)
	}
	// The sleeper parks at once; without the rule the check would wait
	// the whole grace for it.
	if r.Waited >= grace/2 {
		t.Errorf("sleeper reported after %v, want about the timeout (%v), not the grace (%v)", r.Waited, timeout, grace)
	}
}

// A single sleep that ends within the grace still earns it: the goroutine
// exits on its own and is not reported.
func TestProgressGraceSparesOneSleepWithinIt(t *testing.T) {
	t.Parallel()
	r, err := FindLeaks(func() {
		started := make(chan struct{})
		go func() {
			close(started)
			time.Sleep(300 * time.Millisecond)
		}()
		<-started
	}, WithTimeout(50*time.Millisecond), WithProgressGrace(5*time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if r != nil {
		t.Errorf("a goroutine sleeping 300ms once was reported:\n%v", r)
	}
}
