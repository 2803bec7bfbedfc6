package leak

import (
	"context"
	"flag"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"runtime/pprof"
	"sync"
	"testing"
	"time"
)

func TestDetectorReportsLeakStartedAfterCreation(t *testing.T) {
	t.Parallel()
	verifyParked(t, 2) // before the detector: ignored
	rec := &verifyRecorder{name: "TestDetector"}
	d := NewGoroutineLeakDetector(rec, verifyQuick)
	verifyParked(t, 1)
	d.Check()
	verifyContains(t, rec.single(t), "1 goroutine started by TestDetector", "verifyParkedReceive")
}

func TestDetectorPassesWhenGoroutinesExit(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	d := NewGoroutineLeakDetector(rec)
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {})
	}
	wg.Wait()
	d.Check()
	rec.none(t)
}

func TestDetectorCheckTwice(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	d := NewGoroutineLeakDetector(rec)
	d.Check()
	d.Check()
	verifyContains(t, rec.single(t), "Check called twice", "create a new detector")
}

func TestDetectorInvalidOptionReportedByCheck(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	d := NewGoroutineLeakDetector(rec, WithTolerance(-3))
	rec.none(t)
	d.Check()
	verifyContains(t, rec.single(t), "NewGoroutineLeakDetector: invalid options", "WithTolerance(-3)")
}

func TestDetectorCheckOnZeroValue(t *testing.T) {
	t.Parallel()
	defer func() {
		if msg, _ := recover().(string); msg == "" {
			t.Fatal("Check on a zero detector did not explain the misuse")
		}
	}()
	new(GoroutineLeakDetector).Check()
}

// TestDetectorParallel runs a leaky and a clean test side by side, each
// with its own detector: the clean one must pass while the leaky one's
// goroutine is still parked, the leaky one must fail.
func TestDetectorParallel(t *testing.T) {
	leaked := make(chan struct{})
	clean, leaky := &verifyRecorder{name: "clean"}, &verifyRecorder{name: "leaky"}
	t.Run("group", func(t *testing.T) {
		t.Run("leaky", func(t *testing.T) {
			t.Parallel()
			d := NewGoroutineLeakDetector(leaky, WithTimeout(50*time.Millisecond))
			verifyParked(t, 1)
			close(leaked)
			d.Check()
		})
		t.Run("clean", func(t *testing.T) {
			t.Parallel()
			d := NewGoroutineLeakDetector(clean)
			<-leaked
			done := make(chan struct{})
			go func() { close(done) }()
			<-done
			d.Check()
		})
	})
	clean.none(t)
	verifyContains(t, leaky.single(t), "1 goroutine started by leaky")
}

// TestDetectorParallelSubtestsAreNotLeaks: a test whose parallel subtests
// are still waiting to run when it checks must not report them (goleak
// reports testing.tRunner.func1 there).
func TestDetectorParallelSubtestsAreNotLeaks(t *testing.T) {
	rec := &verifyRecorder{}
	t.Run("parent", func(t *testing.T) {
		d := NewGoroutineLeakDetector(rec, verifyQuick)
		for range 3 {
			t.Run("sub", func(t *testing.T) { t.Parallel() })
		}
		d.Check()
	})
	rec.none(t)
}

func TestDetectorRestoresLabels(t *testing.T) {
	t.Parallel()
	pprof.Do(context.Background(), pprof.Labels("user", "kept"), func(ctx context.Context) {
		rec := &verifyRecorder{}
		d := NewGoroutineLeakDetector(rec)
		if got := labels.Current(TestLabel); got == "" {
			t.Error("the detector did not label the test's goroutine")
		}
		d.Check()
		rec.none(t)
		if got := labels.Current(TestLabel); got != "" {
			t.Errorf("Check left the test label %q behind", got)
		}
		self, _ := labels.ReadSelf()
		if pairs := labels.Pairs(self.Labels); len(pairs) != 2 || pairs[0] != "user" || pairs[1] != "kept" {
			t.Errorf("labels after Check = %q, want the user's label back", pairs)
		}
	})
}

// TestDetectorInBenchmark: the benchmark machinery's goroutines are no
// leak (goleak #77), and a leak in the benchmarked code is found.
func TestDetectorInBenchmark(t *testing.T) {
	// A fixed iteration count keeps the benchmarks to milliseconds.
	benchtime := flag.Lookup("test.benchtime")
	saved := benchtime.Value.String()
	if err := benchtime.Value.Set("10x"); err != nil {
		t.Fatal(err)
	}
	defer benchtime.Value.Set(saved)

	clean, leaky := &verifyRecorder{}, &verifyRecorder{}
	release := make(chan struct{})
	defer close(release)
	testing.Benchmark(func(b *testing.B) {
		d := NewGoroutineLeakDetector(clean, verifyQuick)
		b.Run("parallel", func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
				}
			})
		})
		b.Run("loop", func(b *testing.B) {
			for b.Loop() {
			}
		})
		d.Check()
	})
	testing.Benchmark(func(b *testing.B) {
		VerifyNoLeaks(leaky, func() {
			for b.Loop() {
			}
			verifyPark(b, release, 1)
		}, verifyQuick)
	})
	clean.none(t)
	verifyContains(t, leaky.single(t), "verifyParkedReceive")
}

// TestDetectorSurvivesNestedCheck: an inner VerifyNoLeaks must hand the
// test goroutine back with the outer detector's label, so that what the
// test starts afterwards is still checked.
func TestDetectorSurvivesNestedCheck(t *testing.T) {
	t.Parallel()
	outer, inner := &verifyRecorder{name: "outer"}, &verifyRecorder{name: "inner"}
	d := NewGoroutineLeakDetector(outer, verifyQuick)
	VerifyNoLeaks(inner, func() {
		verifyParked(t, 1)
	}, verifyQuick)
	verifyParked(t, 2)
	d.Check()
	verifyContains(t, inner.single(t), "1 goroutine started by inner")
	verifyContains(t, outer.single(t), "2 goroutines started by outer")
}
