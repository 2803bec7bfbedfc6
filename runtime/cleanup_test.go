package leak

import (
	"fmt"
	goruntime "runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// cleanupT is a TestingT with Cleanup, run by the test itself: the
// cleanups run, in reverse order as testing does, when run is called.
type cleanupT struct {
	verifyRecorder
	mu       sync.Mutex
	cleanups []func()
}

func (c *cleanupT) Cleanup(f func()) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.cleanups = append(c.cleanups, f)
}

// Parallel makes cleanupT pass for a *testing.T.
func (c *cleanupT) Parallel() {}

func (c *cleanupT) runCleanups() {
	for {
		c.mu.Lock()
		if len(c.cleanups) == 0 {
			c.mu.Unlock()
			return
		}
		f := c.cleanups[len(c.cleanups)-1]
		c.cleanups = c.cleanups[:len(c.cleanups)-1]
		c.mu.Unlock()
		f()
	}
}

// startServer stands for a helper that starts a server and registers its
// shutdown with t.Cleanup, as httptest-based helpers do.
func startServer(t interface{ Cleanup(func()) }) {
	stop := make(chan struct{})
	go func() { <-stop }()
	t.Cleanup(func() { close(stop) })
}

// With a real test: `defer d.Check()` and a helper's t.Cleanup. The
// verdict comes after the cleanup, so the server stopped there is no leak.
func TestCleanupDeferredCheckRunsAfterCleanups(t *testing.T) {
	rec := &cleanupT{}
	rec.name = "TestServer"
	func() {
		d := NewGoroutineLeakDetector(rec, WithTimeout(20*time.Millisecond))
		defer d.Check()
		startServer(rec)
	}()
	rec.none(t) // no verdict yet: the cleanups have not run
	rec.runCleanups()
	rec.none(t)
}

// The verdict still reports what the cleanups leave behind.
func TestCleanupDeferredCheckStillReportsLeaks(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	rec := &cleanupT{}
	rec.name = "TestLeaky"
	func() {
		d := NewGoroutineLeakDetector(rec, WithTimeout(20*time.Millisecond))
		defer d.Check()
		startServer(rec)
		go verifyParkedReceive(release)
	}()
	rec.runCleanups()
	verifyContains(t, rec.single(t), "1 goroutine started by TestLeaky", "verifyParkedReceive")
}

// t.Cleanup(d.Check) gives the verdict at once, from the cleanup.
func TestCleanupCheckRegisteredAsCleanup(t *testing.T) {
	t.Run("inner", func(t *testing.T) {
		d := NewGoroutineLeakDetector(t, WithTimeout(20*time.Millisecond))
		t.Cleanup(d.Check)
		startServer(t)
	})
}

// The real thing: a deferred Check in a test whose helper registered the
// server's shutdown with t.Cleanup passes.
func TestCleanupRealTestDeferredCheck(t *testing.T) {
	d := NewGoroutineLeakDetector(t)
	defer d.Check()
	startServer(t)
}

// A leak in a parallel subtest started before a deferred Check is caught:
// the verdict waits for the subtests through the cleanup.
func TestCleanupParallelSubtestBeforeCheckIsCaught(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) }) // registered first: runs after the verdict
	rec := &cleanupT{}
	rec.name = "TestParent"
	var wg sync.WaitGroup
	wg.Add(1)
	t.Run("parent", func(t *testing.T) {
		d := NewGoroutineLeakDetector(rec, WithTimeout(20*time.Millisecond))
		defer d.Check()
		t.Run("sub", func(t *testing.T) {
			defer wg.Done()
			t.Parallel()
			go verifyParkedReceive(release)
		})
		// The parallel subtest has not run yet when the parent returns.
		t.Cleanup(rec.runCleanups)
	})
	wg.Wait()
	verifyContains(t, rec.single(t), "1 goroutine started by TestParent", "verifyParkedReceive")
}

// The same inside VerifyNoLeaks's fn: the check must not pass before the
// parallel subtests have even started.
func TestCleanupParallelSubtestInVerifyNoLeaksIsCaught(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var reports []string
	var mu sync.Mutex
	t.Run("parent", func(t *testing.T) {
		wrapped := &subtestT{T: t, report: func(s string) { mu.Lock(); reports = append(reports, s); mu.Unlock() }}
		VerifyNoLeaks(wrapped, func() {
			t.Run("sub", func(t *testing.T) {
				t.Parallel()
				go verifyParkedReceive(release)
			})
		}, WithTimeout(20*time.Millisecond))
		mu.Lock()
		n := len(reports)
		mu.Unlock()
		if n != 0 {
			t.Errorf("verdict given before the parallel subtest ran: %v", reports)
		}
	})
	mu.Lock()
	defer mu.Unlock()
	if len(reports) != 1 {
		t.Fatalf("got %d reports, want 1: %v", len(reports), reports)
	}
	verifyContains(t, reports[0], "1 goroutine started by TestCleanupParallelSubtestInVerifyNoLeaksIsCaught/parent", "verifyParkedReceive")
}

// subtestT is a *testing.T whose Errorf is recorded instead of failing.
type subtestT struct {
	*testing.T
	report func(string)
}

func (s *subtestT) Errorf(format string, args ...any) {
	s.report(fmt.Sprintf(format, args...))
}

// cleanupOnlyT has Cleanup but is no test (as *testing.B): a benchmark
// checking in its loop gets each verdict at once.
type cleanupOnlyT struct {
	verifyRecorder
	cleanups int
}

func (c *cleanupOnlyT) Cleanup(func()) { c.cleanups++ }

func TestCleanupCheckInBenchmarkIsImmediate(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	b := &cleanupOnlyT{}
	b.name = "BenchmarkX"
	d := NewGoroutineLeakDetector(b, WithTimeout(10*time.Millisecond))
	go verifyParkedReceive(release)
	d.Check()
	verifyContains(t, b.single(t), "1 goroutine started by BenchmarkX")
	if b.cleanups != 0 {
		t.Errorf("registered %d cleanups on a benchmark", b.cleanups)
	}
}

// A detector never checked says so at the end of the test, with how to
// use it, instead of passing silently; and it does not linger as a check
// running beside later ones (which would make their timer callbacks
// "unattributed").
func TestCleanupDetectorNeverCheckedIsReported(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	rec := &cleanupT{}
	rec.name = "TestForgot"
	func() {
		_ = NewGoroutineLeakDetector(rec, WithTimeout(20*time.Millisecond))
		go verifyParkedReceive(release)
	}()
	rec.runCleanups()
	verifyContains(t, rec.single(t), "Check was never called", "defer d.Check()")
	cleanupTimerLeakIsTheChecks(t, release)
}

// fn stopping its goroutine (t.Fatal inside VerifyNoLeaks) ends the check
// all the same: a later check's timer callback is its own, not
// "unattributed".
func TestCleanupFnThatStopsTheTestEndsTheCheck(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	rec := &verifyRecorder{name: "TestFatal"}
	done := make(chan struct{})
	go func() {
		defer close(done)
		VerifyNoLeaks(rec, func() { goruntime.Goexit() }, WithTimeout(20*time.Millisecond))
	}()
	<-done
	rec.none(t)
	cleanupTimerLeakIsTheChecks(t, release)
}

// cleanupTimerLeakIsTheChecks runs a check whose timer callback leaks and
// wants it reported as the check's own.
func cleanupTimerLeakIsTheChecks(t *testing.T, release chan struct{}) {
	t.Helper()
	later := &verifyRecorder{name: "TestLater"}
	var gone <-chan struct{}
	VerifyNoLeaks(later, func() { gone = attributionTimerLeak(release) }, WithTimeout(20*time.Millisecond))
	// The caller closes release when it returns; the callback must be
	// gone before the next test's check begins (see attributionTimerLeak).
	t.Cleanup(func() { <-gone })
	report := later.single(t)
	verifyContains(t, report, "1 goroutine started by TestLater")
	if strings.Contains(report, "unattributed") {
		t.Errorf("a check that ended earlier still counts as running beside this one:\n%s", report)
	}
}

// A goroutine of an earlier test that exits while fn runs makes up, in
// runtime.NumGoroutine, for the parallel subtest fn started: the check
// must find the subtest all the same and wait for it (seen under -race
// -count=10, where earlier tests' goroutines were still winding down).
func TestCleanupParallelSubtestFoundWhenOtherGoroutinesExit(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	var reports []string
	var mu sync.Mutex
	t.Run("parent", func(t *testing.T) {
		earlier := make(chan struct{})
		go func() { <-earlier }() // an earlier test's, about to exit
		before := goruntime.NumGoroutine()
		wrapped := &subtestT{T: t, report: func(s string) { mu.Lock(); reports = append(reports, s); mu.Unlock() }}
		VerifyNoLeaks(wrapped, func() {
			t.Run("sub", func(t *testing.T) {
				t.Parallel()
				go verifyParkedReceive(release)
			})
			close(earlier)
			for goruntime.NumGoroutine() > before {
				goruntime.Gosched()
			}
		}, WithTimeout(20*time.Millisecond))
	})
	mu.Lock()
	defer mu.Unlock()
	if len(reports) != 1 {
		t.Fatalf("got %d reports, want 1: %v", len(reports), reports)
	}
	verifyContains(t, reports[0], "1 goroutine started by TestCleanupParallelSubtestFoundWhenOtherGoroutinesExit/parent", "verifyParkedReceive")
}

// A test skipped before it reached its deferred Check is skipped, not
// failed with "Check was never called" (testing.Short guards written
// after the detector).
func TestCleanupDetectorSkippedBeforeCheckStaysSkipped(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	var skipped bool
	t.Run("short", func(t *testing.T) {
		t.Cleanup(func() { skipped = t.Skipped() })
		d := NewGoroutineLeakDetector(t)
		if d != nil {
			t.Skip("skipped before the deferred Check, as under -short")
		}
		defer d.Check()
	})
	if !skipped {
		t.Error("the subtest was not skipped")
	}
	cleanupTimerLeakIsTheChecks(t, release)
}
