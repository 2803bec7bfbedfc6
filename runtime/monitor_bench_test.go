package leak

import (
	"runtime"
	"testing"

	"github.com/leaklint/leaklint/runtime/internal/monitor"
)

// BenchmarkMonitorSample measures one monitor sample with 10,000 parked
// goroutines beside its anchor, runtime.NumGoroutine, and the two ways of
// looking at stacks: the goroutine profile an alert takes, and the full
// runtime.Stack dump the monitor avoids.
func BenchmarkMonitorSample(b *testing.B) {
	monitorStartParked(b, 10_000)

	b.Run("op=NumGoroutine", func(b *testing.B) {
		for b.Loop() {
			_ = runtime.NumGoroutine()
		}
	})
	b.Run("op=monitor-sample", func(b *testing.B) {
		m := NewGoroutineMonitor() // default growth window of 60 samples
		m.SetAlertThreshold(1 << 30)
		cpuBefore, cpuOK := trackerCPUTime()
		for b.Loop() {
			m.m.Sample()
		}
		if cpuAfter, ok := trackerCPUTime(); cpuOK && ok {
			b.ReportMetric(float64(cpuAfter-cpuBefore)/float64(b.N), "cpu-ns/op")
		}
		if r := m.Report(); r.Alerts != 0 {
			b.Fatalf("the benchmark measured alerts too: %v", r)
		}
	})
	b.Run("op=alert-profile", func(b *testing.B) {
		for b.Loop() {
			if _, err := monitor.ProfileSites(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("op=stack-dump", func(b *testing.B) {
		buf := make([]byte, 64<<20)
		for b.Loop() {
			if n := runtime.Stack(buf, true); n == len(buf) {
				b.Fatal("stack dump truncated: grow the buffer")
			}
		}
	})
}
