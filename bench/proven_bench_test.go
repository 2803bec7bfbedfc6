package bench

import (
	"fmt"
	"runtime/pprof"
	"testing"

	leak "github.com/leaklint/leaklint/runtime"
	"go.uber.org/goleak"
)

// blockForever is a leak the garbage collector can prove: nothing but the
// goroutine itself holds the channel.
func blockForever() { <-make(chan int) }

// BenchmarkReportLeakKind measures how long a check takes to report one
// leaked goroutine with default options, by kind of leak:
//
//   - leak=unreachable: blocked forever on a channel nothing else holds.
//     Where the runtime has the goroutineleak profile (Go 1.27), leaklint
//     proves it with one leak GC and reports at once.
//   - leak=reachable: blocked on a channel the benchmark still holds, which
//     no collector can prove: leaklint's timeout path, the one every leak
//     took before the proof (and still takes on Go 1.26 without the
//     experiment).
//
// goleak retries with its own budget in both cases. The unreachable
// goroutines stay leaked (that is the point), so run it with a bounded
// -benchtime such as 20x.
func BenchmarkReportLeakKind(b *testing.B) {
	if pprof.Lookup("goroutineleak") == nil {
		b.Log("this runtime has no goroutineleak profile: leak=unreachable takes the timeout path too")
	}
	for _, n := range []int{0, 10000} {
		for _, kind := range []string{"unreachable", "reachable"} {
			start := func() (release func()) {
				if kind == "reachable" {
					return parked(1)
				}
				go blockForever()
				return func() {}
			}
			b.Run(fmt.Sprintf("parked=%d/leak=%s/lib=goleak", n, kind), func(b *testing.B) {
				defer parked(n)()
				for b.Loop() {
					opt := goleak.IgnoreCurrent()
					release := start()
					if goleak.Find(opt) == nil {
						b.Fatal("goleak missed the leak")
					}
					release()
				}
			})
			b.Run(fmt.Sprintf("parked=%d/leak=%s/lib=leaklint", n, kind), func(b *testing.B) {
				defer parked(n)()
				for b.Loop() {
					var release func()
					rec := &recorder{}
					leak.VerifyNoLeaks(rec, func() { release = start() })
					if !rec.failed() {
						b.Fatal("leaklint missed the leak")
					}
					release()
				}
			})
		}
	}
}
