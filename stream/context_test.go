package stream

import (
	"context"
	"errors"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
)

func TestStreamingContextDeliversEverySentValueInOrder(t *testing.T) {
	s := NewStreamingContext(context.Background())
	const n = 10 * DefaultBuffer // more than the buffer: Send must wait, not fail
	go func() {
		for i := range n {
			if err := s.Send(i); err != nil {
				t.Errorf("Send(%d) = %v", i, err)
				return
			}
		}
		s.Close()
	}()
	want := 0
	for v := range s.Channel() {
		if v != want {
			t.Fatalf("received %v, want %d", v, want)
		}
		want++
	}
	if want != n {
		t.Fatalf("received %d values, want %d", want, n)
	}
	if err := s.Err(); !errors.Is(err, ErrClosed) {
		t.Fatalf("Err after Close = %v, want ErrClosed", err)
	}
}

func TestStreamingContextCloseDeliversBufferedValuesThenEnds(t *testing.T) {
	s := NewStreamingContext(context.Background())
	for i := range 3 {
		if err := s.Send(i); err != nil {
			t.Fatalf("Send(%d) = %v", i, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close = %v", err)
	}
	var got []any
	for v := range s.Channel() {
		got = append(got, v)
	}
	if len(got) != 3 || got[0] != 0 || got[1] != 1 || got[2] != 2 {
		t.Fatalf("after Close the consumer received %v, want [0 1 2]", got)
	}
	if err := s.Send(3); !errors.Is(err, ErrClosed) {
		t.Fatalf("Send after Close = %v, want ErrClosed", err)
	}
}

func TestStreamingContextCloseIsIdempotentAndConcurrent(t *testing.T) {
	s := NewStreamingContext(context.Background())
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if err := s.Close(); err != nil {
				t.Errorf("Close = %v", err)
			}
			// Every Close, not only the first, returns with the goroutine gone.
			select {
			case <-s.Done():
			default:
				t.Error("Close returned before the stream's goroutine ended")
			}
		})
	}
	wg.Wait()
	if err := s.Close(); err != nil {
		t.Fatalf("Close after Close = %v", err)
	}
}

func TestStreamingContextCancelEndsStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	s := NewStreamingContext(ctx)
	defer s.Close()
	if err := s.Send("before"); err != nil {
		t.Fatalf("Send = %v", err)
	}
	if err := s.Err(); err != nil {
		t.Fatalf("Err on an open stream = %v, want nil", err)
	}
	cancel()
	<-s.Done()
	var got []any
	for v := range s.Channel() {
		got = append(got, v)
	}
	if len(got) != 1 || got[0] != "before" {
		t.Fatalf("after cancel the consumer received %v, want [before]", got)
	}
	if err := s.Send("after"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Send after cancel = %v, want context.Canceled", err)
	}
	if err := s.Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("Err after cancel = %v, want context.Canceled", err)
	}
}

// A Send blocked on a full buffer must return, not hang, when the stream
// ends. Whether it had blocked yet or not, the outcome is the same error.
func TestStreamingContextBlockedSendReturns(t *testing.T) {
	for _, tc := range []struct {
		name string
		end  func(*StreamingContext, context.CancelFunc)
		want error
	}{
		{"Close", func(s *StreamingContext, _ context.CancelFunc) { s.Close() }, ErrClosed},
		{"cancel", func(_ *StreamingContext, cancel context.CancelFunc) { cancel() }, context.Canceled},
	} {
		t.Run(tc.name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				ctx, cancel := context.WithCancel(context.Background())
				defer cancel()
				s := NewStreamingContext(ctx)
				defer s.Close()
				for i := range DefaultBuffer {
					if err := s.Send(i); err != nil {
						t.Fatalf("Send(%d) into a buffer with room = %v", i, err)
					}
				}
				result := make(chan error, 1)
				go func() { result <- s.Send("overflow") }()
				synctest.Wait() // the sender is now durably blocked on the full buffer
				select {
				case err := <-result:
					t.Fatalf("Send into a full buffer returned %v without waiting", err)
				default:
				}
				tc.end(s, cancel)
				if err := <-result; !errors.Is(err, tc.want) {
					t.Fatalf("blocked Send returned %v, want %v", err, tc.want)
				}
			})
		})
	}
}

func TestStreamingContextCloseWhileConsumerRanges(t *testing.T) {
	s := NewStreamingContext(context.Background())
	received := make(chan int)
	go func() {
		n := 0
		for range s.Channel() {
			n++
		}
		received <- n
	}()
	sent := 0
	for i := range 1000 {
		if i == 500 {
			s.Close()
		}
		if s.Send(i) == nil {
			sent++
		}
	}
	if sent != 500 {
		t.Fatalf("%d sends succeeded, want the 500 before Close", sent)
	}
	if n := <-received; n != sent {
		t.Fatalf("consumer received %d values, want all %d sent before Close", n, sent)
	}
}

// Run with -race: senders, a consumer and closers all at once. Every Send
// that succeeded must be delivered, every other must report ErrClosed.
func TestStreamingContextConcurrentSendAndClose(t *testing.T) {
	s := NewStreamingContext(context.Background())
	var delivered atomic.Int64
	consumed := make(chan struct{})
	go func() {
		defer close(consumed)
		for range s.Channel() {
			delivered.Add(1)
		}
	}()
	var sent atomic.Int64
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for i := 0; ; i++ {
				err := s.Send(i)
				if err == nil {
					sent.Add(1)
					continue
				}
				if !errors.Is(err, ErrClosed) {
					t.Errorf("Send = %v, want nil or ErrClosed", err)
				}
				return
			}
		})
	}
	// Close once some values went through, from two goroutines at once.
	for sent.Load() < 100 {
		if err := s.Err(); err != nil {
			t.Fatalf("stream ended before Close: %v", err)
		}
		runtime.Gosched()
	}
	wg.Go(func() { s.Close() })
	wg.Go(func() { s.Close() })
	wg.Wait()
	<-consumed
	if delivered.Load() != sent.Load() {
		t.Fatalf("delivered %d values, want the %d successfully sent", delivered.Load(), sent.Load())
	}
}

func TestNewStreamingContextNilContextPanicsWithAdvice(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "context.Background()") {
			t.Fatalf("panic = %q, want a message that says what to pass", msg)
		}
	}()
	var nilCtx context.Context
	NewStreamingContext(nilCtx)
}

// The documented leak, both ways: the goroutine stays exactly when the
// stream is neither closed nor cancelled, and is gone otherwise.
func TestStreamingContextGoroutineLeaksOnlyWhenNeitherClosedNorCancelled(t *testing.T) {
	for i, tc := range []struct {
		name      string
		release   func(*StreamingContext, context.CancelFunc)
		wantLeak  bool
		cancelled bool
	}{
		{name: "neither", wantLeak: true},
		{name: "closed", release: func(s *StreamingContext, _ context.CancelFunc) { s.Close() }},
		{name: "cancelled", release: func(_ *StreamingContext, cancel context.CancelFunc) { cancel() }},
		{name: "both", release: func(s *StreamingContext, cancel context.CancelFunc) { cancel(); s.Close() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// The watch goroutine inherits this label from its creator.
			id := "lifecycle-" + strconv.Itoa(i) + "-" + strconv.FormatInt(labelRun.Add(1), 10)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var s *StreamingContext
			pprof.Do(context.Background(), pprof.Labels("test", id), func(context.Context) {
				s = NewStreamingContext(ctx)
			})
			if n := len(goroutineLabels(t, "test", id)); n != 1 {
				t.Fatalf("a new StreamingContext runs %d goroutines, want 1", n)
			}
			if tc.release != nil {
				tc.release(s, cancel)
			}
			if tc.wantLeak {
				select {
				case <-s.Done():
					t.Fatal("the stream ended although it was neither closed nor cancelled")
				default:
				}
				if n := len(goroutineLabels(t, "test", id)); n != 1 {
					t.Fatalf("an unreleased StreamingContext runs %d goroutines, want its 1 leaked goroutine", n)
				}
				// Release it so that this test itself leaks nothing.
				cancel()
			}
			<-s.Done()
			waitNoLabelled(t, "test", id)
		})
	}
}

// A StreamingContext not made by NewStreamingContext (a zero value in a
// struct, a nil pointer) panics with how to make one, not with a nil
// dereference, whichever method is called first.
func TestZeroStreamingContextPanicsWithAdvice(t *testing.T) {
	var nilStream *StreamingContext
	for name, use := range map[string]func(){
		"Close": func() { new(StreamingContext).Close() },
		"Send":  func() { new(StreamingContext).Send(1) },
		"Err":   func() { new(StreamingContext).Err() },
		//leaklint:ignore undrainedchan Channel on a nil *StreamingContext panics before any producer exists
		"nil": func() { nilStream.Channel() },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "stream.NewStreamingContext(ctx)") {
					t.Fatalf("panic = %q, want how to make a StreamingContext", msg)
				}
			}()
			use()
		})
	}
}
