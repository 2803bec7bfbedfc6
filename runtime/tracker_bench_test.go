package leak

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// trackerBenchGoroutines is the contention the issue asks about.
const trackerBenchGoroutines = 8

// trackerRunParallel runs op on trackerBenchGoroutines goroutines:
// RunParallel starts parallelism×GOMAXPROCS of them, so the parallelism is
// chosen to make eight with -cpu 1, 2, 4 or 8.
func trackerRunParallel(b *testing.B, op func()) {
	procs := runtime.GOMAXPROCS(0)
	if trackerBenchGoroutines%procs != 0 {
		b.Skipf("GOMAXPROCS=%d does not divide %d goroutines", procs, trackerBenchGoroutines)
	}
	b.SetParallelism(trackerBenchGoroutines / procs)
	var started atomic.Int32
	cpuBefore, cpuOK := trackerCPUTime()
	b.RunParallel(func(pb *testing.PB) {
		started.Add(1)
		for pb.Next() {
			op()
		}
	})
	if cpuAfter, ok := trackerCPUTime(); cpuOK && ok {
		trackerReportCPU(b, cpuAfter-cpuBefore)
	}
	if n := started.Load(); n != trackerBenchGoroutines {
		b.Fatalf("ran on %d goroutines, want %d", n, trackerBenchGoroutines)
	}
}

// trackerReportCPU reports CPU time per operation, summed over all CPUs,
// and what wall time per operation that makes when the benchmark has the
// CPUs it may use to itself: the figure ns/op would show on an idle machine.
func trackerReportCPU(b *testing.B, cpu time.Duration) {
	perOp := float64(cpu) / float64(b.N)
	b.ReportMetric(perOp, "cpu-ns/op")
	b.ReportMetric(perOp/float64(min(runtime.GOMAXPROCS(0), runtime.NumCPU())), "idle-ns/op")
}

// BenchmarkRecordOperation puts the tracker beside two anchors: one shared
// atomic counter (what the tracker costs without striping) and a mutex.
func BenchmarkRecordOperation(b *testing.B) {
	b.Run("impl=one-atomic", func(b *testing.B) {
		var n atomic.Int64
		trackerRunParallel(b, func() { n.Add(1) })
	})
	b.Run("impl=tracker", func(b *testing.B) {
		tr := NewResourceTracker()
		trackerRunParallel(b, tr.RecordOperation)
		if got := tr.Report().Operations; got < int64(b.N) {
			b.Fatalf("counted %d operations of %d", got, b.N)
		}
	})
	b.Run("impl=mutex", func(b *testing.B) {
		var mu sync.Mutex
		var n int64
		trackerRunParallel(b, func() {
			mu.Lock()
			n++
			mu.Unlock()
		})
	})
}

func BenchmarkRecordError(b *testing.B) {
	tr := NewResourceTracker()
	trackerRunParallel(b, tr.RecordError)
}
