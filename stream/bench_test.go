package stream

import (
	"context"
	"encoding/json"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/leaklint/leaklint/internal/track"
)

// marshalAndSlice is the anchor for the StreamJSON benchmarks: the
// encoding that StreamJSON cannot avoid, cut into the same chunks, with no
// goroutine and no channel.
func marshalAndSlice(v any, chunkSize int) int {
	doc, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	chunks := 0
	for len(doc) > 0 {
		n := min(chunkSize, len(doc))
		_ = doc[:n:n]
		doc = doc[n:]
		chunks++
	}
	return chunks
}

func streamAndDrain(b *testing.B, v any, chunkSize int) int {
	ch, err := StreamJSON(context.Background(), v, chunkSize)
	if err != nil {
		b.Fatal(err)
	}
	chunks := 0
	for range ch {
		chunks++
	}
	return chunks
}

// BenchmarkStreamJSON streams a 10 MB value to a consumer that discards the
// chunks, against the anchor impl=marshal (json.Marshal and slicing alone).
// MB/s is encoding plus streaming (MB/cpu-s the same per CPU second, all
// goroutines and the collector included); allocs/chunk counts every
// allocation of an operation, the encoding's included, per chunk delivered.
func BenchmarkStreamJSON(b *testing.B) {
	v := largeValue()
	enc, _ := json.Marshal(v)
	docLen := len(enc)
	enc = nil
	for _, chunkSize := range []int{4 << 10, 64 << 10, 1 << 20} {
		for _, impl := range []string{"marshal", "StreamJSON"} {
			b.Run("chunk="+strconv.Itoa(chunkSize>>10)+"KB/impl="+impl, func(b *testing.B) {
				b.SetBytes(int64(docLen))
				b.ReportAllocs()
				var before, after runtime.MemStats
				runtime.ReadMemStats(&before)
				cpuStart, cpuOK := processCPU()
				chunks, ops := 0, 0
				for b.Loop() {
					if impl == "marshal" {
						chunks += marshalAndSlice(v, chunkSize)
					} else {
						chunks += streamAndDrain(b, v, chunkSize)
					}
					ops++
				}
				cpuEnd, cpuOK2 := processCPU()
				runtime.ReadMemStats(&after)
				b.ReportMetric(float64(after.Mallocs-before.Mallocs)/float64(chunks), "allocs/chunk")
				if cpuOK && cpuOK2 && cpuEnd > cpuStart {
					// Throughput per CPU second: steady on a shared machine,
					// where MB/s also counts waiting for a core.
					perOp := (cpuEnd - cpuStart).Seconds() / float64(ops)
					b.ReportMetric(float64(docLen)/perOp/1e6, "MB/cpu-s")
				}
			})
		}
	}
}

// BenchmarkStreamJSONPeak measures the peak heap in use while a 10 MB value
// is encoded and streamed in 64 KB chunks, against json.Marshal alone
// (impl=marshal). A concurrent goroutine samples runtime/metrics; the peak
// is relative to the heap before the call and includes garbage not yet
// collected, so it is what the process pays, not a lower bound.
func BenchmarkStreamJSONPeak(b *testing.B) {
	v := largeValue()
	enc, _ := json.Marshal(v)
	docLen := len(enc)
	enc = nil
	for _, impl := range []string{"marshal", "StreamJSON"} {
		b.Run("impl="+impl, func(b *testing.B) {
			b.SetBytes(int64(docLen))
			var peak uint64
			for b.Loop() {
				b.StopTimer()
				runtime.GC()
				runtime.GC() // empties sync.Pool: the encoder's scratch buffer counts
				base := heapObjects()
				var maxSeen atomic.Uint64
				stop := make(chan struct{})
				sampled := make(chan struct{})
				go func() {
					defer close(sampled)
					for {
						maxSeen.Store(max(maxSeen.Load(), heapObjects()))
						select {
						case <-stop:
							return
						default:
						}
					}
				}()
				b.StartTimer()
				if impl == "marshal" {
					marshalAndSlice(v, 64<<10)
				} else {
					streamAndDrain(b, v, 64<<10)
				}
				b.StopTimer()
				close(stop)
				<-sampled
				if m := maxSeen.Load(); m > base {
					peak = max(peak, m-base)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MB")
			b.ReportMetric(float64(peak)/float64(docLen), "peak/doc")
		})
	}
}

// reportCPU runs the benchmark loop body through b.Loop and reports the
// process CPU time per operation next to the wall time.
func reportCPU(b *testing.B, body func()) {
	start, ok := processCPU()
	n := 0
	for b.Loop() {
		body()
		n++
	}
	if end, ok2 := processCPU(); ok && ok2 && n > 0 {
		b.ReportMetric(float64(end-start)/float64(n), "cpu-ns/op")
	}
}

var heapSample = []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}

func heapObjects() uint64 {
	s := []metrics.Sample{heapSample[0]}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// BenchmarkCreation measures what origin tracking costs per creation:
// origin=none skips it entirely (the anchor), origin=pc is the default (the
// caller's PC is captured and the goroutine is labelled with file:line),
// origin=pc+tracking is the default while the runtime detector listens
// (the origin is resolved and handed to it). Each operation creates the
// value and closes it, so goroutine start and exit are included.
func BenchmarkCreation(b *testing.B) {
	ctx := context.Background()
	variants := []struct {
		name  string
		o     func() origin
		track bool
	}{
		{"none", func() origin { return 0 }, false},
		{"pc", func() origin { return callerOrigin(1) }, false},
		{"pc+tracking", func() origin { return callerOrigin(1) }, true},
	}
	for _, v := range variants {
		b.Run("kind=StreamingContext/origin="+v.name, func(b *testing.B) {
			if v.track {
				b.Cleanup(track.Listen(func(*track.Resource) {}, nil))
			}
			b.ReportAllocs()
			reportCPU(b, func() { newStreamingContext(ctx, v.o()).Close() })
		})
	}
	for _, v := range variants {
		b.Run("kind=StreamingResultBuilder/origin="+v.name, func(b *testing.B) {
			if v.track {
				b.Cleanup(track.Listen(func(*track.Resource) {}, nil))
			}
			b.ReportAllocs()
			reportCPU(b, func() { newStreamingResultBuilder(ctx, v.o()).Close() })
		})
	}
}

// BenchmarkOrigin isolates the parts of origin tracking: capturing the
// caller's PC (every creation) and resolving it to file:line (cached per
// call site, needed for labels and reports).
func BenchmarkOrigin(b *testing.B) {
	b.Run("capture", func(b *testing.B) {
		reportCPU(b, func() { _ = callerOrigin(1) })
	})
	b.Run("resolve-cached", func(b *testing.B) {
		o := callerOrigin(1)
		reportCPU(b, func() { _ = o.String() })
	})
	// Starting a goroutine, the anchor, and starting one that labels
	// itself with its origin as the stream package's goroutines do.
	b.Run("start-goroutine/label=none", func(b *testing.B) {
		done := make(chan struct{})
		b.ReportAllocs()
		reportCPU(b, func() {
			go func() { done <- struct{}{} }()
			<-done
		})
	})
	b.Run("start-goroutine/label=origin", func(b *testing.B) {
		o := callerOrigin(1)
		ctx := context.Background()
		done := make(chan struct{})
		b.ReportAllocs()
		reportCPU(b, func() {
			go func() {
				labelWithOrigin(ctx, o)
				done <- struct{}{}
			}()
			<-done
		})
	})
}
