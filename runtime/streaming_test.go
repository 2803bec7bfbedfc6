package leak

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/stream"
)

// verifyHere returns "file:line" of its caller, to match report origins.
func verifyHere() string {
	_, file, line, _ := runtime.Caller(1)
	return fmt.Sprintf("%s:%d", file, line)
}

func TestVerifyNoLeaksReportsUnclosedStreamingContext(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{name: "TestUnclosed"}
	var created string
	var s *stream.StreamingContext
	VerifyNoLeaks(rec, func() {
		s, created = stream.NewStreamingContext(context.Background()), verifyHere()
	}, verifyQuick)
	defer s.Close()
	verifyContains(t, rec.single(t), "1 stream resource created by TestUnclosed never closed",
		"never closed:", "StreamingContext created at "+created)
}

// TestVerifyNoLeaksReportsUnclosedStreamWithoutGoroutine: the report
// comes from the tracking, not from the stream's goroutine, so it stands
// even when that goroutine is excluded.
func TestVerifyNoLeaksReportsUnclosedStreamWithoutGoroutine(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	var s *stream.StreamingContext
	var created string
	VerifyNoLeaks(rec, func() {
		s, created = stream.NewStreamingContext(context.Background()), verifyHere()
	}, verifyQuick, WithExcludePatterns(`leaklint/stream\.`))
	defer s.Close()
	report := rec.single(t)
	verifyContains(t, report, "StreamingContext created at "+created)
	if strings.Contains(report, "goroutine") {
		t.Errorf("the excluded goroutine was reported:\n%s", report)
	}
}

func TestVerifyNoLeaksAcceptsClosedStreams(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	VerifyNoLeaks(rec, func() {
		s := stream.NewStreamingContext(context.Background())
		b := stream.NewStreamingResultBuilder(context.Background())
		ctx, cancel := context.WithCancel(context.Background())
		cancelled := stream.NewStreamingContext(ctx)
		cancel() // cancelling the context releases the stream too
		<-cancelled.Done()
		s.Close()
		b.Close()
	})
	rec.none(t)
}

// TestUnclosedStreamAttributedToItsTest: a stream left open by one
// parallel test is not blamed on another.
func TestUnclosedStreamAttributedToItsTest(t *testing.T) {
	created := make(chan struct{})
	clean, leaky := &verifyRecorder{name: "clean"}, &verifyRecorder{name: "leaky"}
	var s *stream.StreamingContext
	t.Run("group", func(t *testing.T) {
		t.Run("leaky", func(t *testing.T) {
			t.Parallel()
			VerifyNoLeaks(leaky, func() {
				s = stream.NewStreamingContext(context.Background())
				close(created)
			}, verifyQuick)
		})
		t.Run("clean", func(t *testing.T) {
			t.Parallel()
			VerifyNoLeaks(clean, func() { <-created })
		})
	})
	s.Close()
	clean.none(t)
	verifyContains(t, leaky.single(t), "StreamingContext created at")
}

func TestVerifyStreamingNoLeaksReleasesHelperStreams(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	var sc *stream.StreamingContext
	VerifyStreamingNoLeaks(rec, func(h *StreamingTestHelper) {
		ctx := context.Background()
		sc = h.CreateStreamingContext(ctx)
		if err := sc.Send("v"); err != nil {
			t.Errorf("Send: %v", err)
		}
		// Neither producer is drained: the helper's cancellation must
		// stop them.
		if _, err := h.StreamJSON(ctx, strings.Repeat("x", 100), 1); err != nil {
			t.Fatal(err)
		}
		ch, err := h.StreamReader(ctx, strings.NewReader(strings.Repeat("y", 100)), 3)
		if err != nil {
			t.Fatal(err)
		}
		<-ch
	})
	rec.none(t)
	select {
	case <-sc.Done():
	default:
		t.Error("the helper did not close its StreamingContext")
	}
}

func TestVerifyStreamingNoLeaksReportsCodeUnderTest(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	var leaked *stream.StreamingContext
	VerifyStreamingNoLeaks(rec, func(h *StreamingTestHelper) {
		h.CreateStreamingContext(context.Background())
		leaked = stream.NewStreamingContext(context.Background()) // not through h
	}, verifyQuick)
	defer leaked.Close()
	verifyContains(t, rec.single(t), "1 stream resource", "StreamingContext created at")
}

func TestStreamingTestHelperMisuse(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	VerifyStreamingNoLeaks(rec, func(h *StreamingTestHelper) {
		//lint:ignore SA1012 passing nil is the misuse under test
		h.CreateStreamingContext(nil) //nolint:staticcheck
		h.StreamJSON(nil, 1, 1)       //nolint:staticcheck
	})
	verifyContains(t, strings.Join(rec.errors(), "\n"),
		"CreateStreamingContext called with a nil context; pass t.Context() or context.Background()",
		"StreamJSON called with a nil context")

	rec = &verifyRecorder{}
	VerifyStreamingNoLeaks(rec, nil)
	verifyContains(t, rec.single(t), "nil fn")

	defer func() {
		if msg, _ := recover().(string); !strings.Contains(msg, "VerifyStreamingNoLeaks") {
			t.Errorf("a zero helper panicked with %q, want how to get a helper", msg)
		}
	}()
	new(StreamingTestHelper).CreateStreamingContext(context.Background())
}

// A helper kept and used after VerifyStreamingNoLeaks's function returned
// (from a goroutine, a test struct's field) can no longer release what it
// creates: it says so, with how to use it, rather than leave the stream
// open silently.
func TestStreamingTestHelperUsedAfterFnIsReported(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{name: "TestKeepsHelper"}
	var kept *StreamingTestHelper
	VerifyStreamingNoLeaks(rec, func(h *StreamingTestHelper) { kept = h }, WithTimeout(10*time.Millisecond))
	rec.none(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if _, err := kept.StreamJSON(ctx, []int{1, 2, 3}, 1); err != nil {
		t.Fatal(err)
	}
	verifyContains(t, rec.single(t), "StreamJSON called after VerifyStreamingNoLeaks's function returned", "use h only inside that function")
}
