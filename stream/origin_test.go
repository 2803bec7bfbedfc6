package stream

import (
	"context"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

func TestOriginIsTheCallersLine(t *testing.T) {
	s, want := NewStreamingContext(context.Background()), here()
	defer s.Close()
	if got := s.state.origin.String(); got != want {
		t.Fatalf("StreamingContext origin = %q, want %q", got, want)
	}
	b, want := NewStreamingResultBuilder(context.Background()), here()
	defer b.Close()
	if got := b.state.origin.String(); got != want {
		t.Fatalf("StreamingResultBuilder origin = %q, want %q", got, want)
	}
	if got := origin(0).String(); got != "" {
		t.Fatalf("unknown origin = %q, want empty", got)
	}
}

// A producer carries its creator's labels (how the runtime detector tells
// which test started it) plus OriginLabel naming the user's call.
func TestProducersAreLabelledWithOriginAndKeepInheritedLabels(t *testing.T) {
	for _, tc := range []struct {
		name  string
		start func(ctx context.Context) (stop func(), origin string)
	}{
		{"StreamJSON", func(ctx context.Context) (func(), string) {
			ch, where := mustChan(StreamJSON(ctx, "abcdefgh", 1)), here()
			<-ch // the producer has labelled itself before its first send
			return func() {}, where
		}},
		{"StreamReader", func(ctx context.Context) (func(), string) {
			ch, where := mustChan(StreamReader(ctx, strings.NewReader("abcdefgh"), 1)), here()
			<-ch
			return func() {}, where
		}},
		{"StreamingResultBuilder.Consume", func(ctx context.Context) (func(), string) {
			b, where := NewStreamingResultBuilder(ctx), here()
			ch := make(chan Chunk)
			b.Consume(ch)
			ch <- Chunk{Data: []byte("x")} // received: the consumer runs labelled
			return func() { b.Close() }, where
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			// Unique per run: a producer of an earlier run (-count) may
			// still be on its way out.
			id := "labels-" + tc.name + "-" + strconv.FormatInt(labelRun.Add(1), 10)
			var stop func()
			var where string
			pprof.Do(context.Background(), pprof.Labels("test", id), func(context.Context) {
				stop, where = tc.start(ctx)
			})
			defer stop()
			sets := goroutineLabels(t, "test", id)
			if len(sets) != 1 {
				t.Fatalf("%d goroutines inherited the test label, want the 1 producer", len(sets))
			}
			if got := sets[0][OriginLabel]; got != where {
				t.Fatalf("producer label %s=%q, want %q", OriginLabel, got, where)
			}
		})
	}
}

var labelRun atomic.Int64

func mustChan(ch <-chan Chunk, err error) <-chan Chunk {
	if err != nil {
		panic(err)
	}
	return ch
}

func TestStreamingContextWatcherIsLabelledWithOrigin(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var s *StreamingContext
		var where string
		pprof.Do(context.Background(), pprof.Labels("test", "watcher"), func(context.Context) {
			s, where = NewStreamingContext(context.Background()), here()
		})
		defer s.Close()
		synctest.Wait() // the watcher is parked, so it has labelled itself
		sets := goroutineLabels(t, "test", "watcher")
		if len(sets) != 1 || sets[0][OriginLabel] != where {
			t.Fatalf("watcher labels %v, want one goroutine with %s=%q", sets, OriginLabel, where)
		}
	})
}

func TestLabelLayoutProbeSucceeds(t *testing.T) {
	// If this fails, the runtime changed how it stores goroutine labels:
	// producers then go without an origin rather than lose their test.
	if !labelLayoutOK() {
		t.Fatal("cannot read goroutine labels with this Go version")
	}
}
