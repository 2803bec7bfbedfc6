package bench

import (
	"fmt"
	"testing"

	leak "github.com/leaklint/leaklint/runtime"
	"go.uber.org/goleak"
)

// BenchmarkSnapshotCheck measures a clean check: snapshot the goroutines,
// then confirm none was added, beside parked goroutines that existed
// before. parked=0 is the idle check.
func BenchmarkSnapshotCheck(b *testing.B) {
	for _, n := range []int{0, 10000} {
		b.Run(fmt.Sprintf("parked=%d/lib=goleak", n), func(b *testing.B) {
			defer parked(n)()
			for b.Loop() {
				if err := goleak.Find(goleak.IgnoreCurrent()); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("parked=%d/lib=leaklint", n), func(b *testing.B) {
			defer parked(n)()
			for b.Loop() {
				d := leak.NewGoroutineLeakDetector(b)
				d.Check()
			}
		})
	}
}

// BenchmarkReportLeak measures how long a check takes to report a real
// leak with default options: goleak's retry budget against leaklint's
// DefaultTimeout.
func BenchmarkReportLeak(b *testing.B) {
	for _, n := range []int{0, 10000} {
		b.Run(fmt.Sprintf("parked=%d/lib=goleak", n), func(b *testing.B) {
			defer parked(n)()
			for b.Loop() {
				opt := goleak.IgnoreCurrent()
				release := parked(1)
				if goleak.Find(opt) == nil {
					b.Fatal("goleak missed the leak")
				}
				release()
			}
		})
		b.Run(fmt.Sprintf("parked=%d/lib=leaklint", n), func(b *testing.B) {
			defer parked(n)()
			for b.Loop() {
				var release func()
				rec := &recorder{}
				leak.VerifyNoLeaks(rec, func() { release = parked(1) })
				if !rec.failed() {
					b.Fatal("leaklint missed the leak")
				}
				release()
			}
		})
	}
}
