package stream

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
)

func TestStreamingResultBuilderGathersConsumedStreams(t *testing.T) {
	b := NewStreamingResultBuilder(context.Background())
	defer b.Close()
	ch, err := StreamJSON(b.Context(), []string{"a", "b"}, 3)
	if err != nil {
		t.Fatal(err)
	}
	if err := b.Consume(ch); err != nil {
		t.Fatalf("Consume = %v", err)
	}
	if err := b.Add(Chunk{Data: []byte("!")}); err != nil {
		t.Fatalf("Add = %v", err)
	}
	got, err := b.Result()
	// Add may land before or after the consumed chunks; both are there.
	if err != nil || len(got) != len(`["a","b"]!`) || !strings.Contains(string(got), `["a","b"]`) {
		t.Fatalf("Result = %q, %v; want the stream and the added chunk", got, err)
	}
}

func TestStreamingResultBuilderKeepsFirstChunkError(t *testing.T) {
	b := NewStreamingResultBuilder(context.Background())
	defer b.Close()
	first, second := errors.New("first"), errors.New("second")
	for _, c := range []Chunk{{Data: []byte("ab")}, {Err: first}, {Data: []byte("c")}, {Err: second}} {
		if err := b.Add(c); err != nil {
			t.Fatalf("Add(%+v) = %v", c, err)
		}
	}
	got, err := b.Result()
	if string(got) != "abc" || !errors.Is(err, first) {
		t.Fatalf("Result = %q, %v; want %q, %v", got, err, "abc", first)
	}
}

func TestStreamingResultBuilderResultIsACopy(t *testing.T) {
	b := NewStreamingResultBuilder(context.Background())
	defer b.Close()
	b.Add(Chunk{Data: []byte("abc")})
	got, _ := b.Result()
	got[0] = 'X'
	again, _ := b.Result()
	if string(again) != "abc" {
		t.Fatalf("changing one Result changed the builder: %q", again)
	}
}

func TestStreamingResultBuilderCloseStopsConsumersAndProducers(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := NewStreamingResultBuilder(context.Background())
		// A stream nobody ever closes: only Close can end its consumer.
		never := make(chan Chunk)
		if err := b.Consume(never); err != nil {
			t.Fatal(err)
		}
		// A producer bound to the builder's context: Close releases it too.
		ch, err := StreamJSON(b.Context(), strings.Repeat("x", 100), 1)
		if err != nil {
			t.Fatal(err)
		}
		if err := b.Consume(ch); err != nil {
			t.Fatal(err)
		}
		synctest.Wait()
		if err := b.Close(); err != nil {
			t.Fatalf("Close = %v", err)
		}
		// synctest.Test fails if any of those goroutines survived Close.
	})
}

func TestStreamingResultBuilderAfterClose(t *testing.T) {
	b := NewStreamingResultBuilder(context.Background())
	b.Add(Chunk{Data: []byte("held")})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if err := b.Close(); err != nil {
				t.Errorf("Close = %v", err)
			}
		})
	}
	wg.Wait()
	if err := b.Add(Chunk{Data: []byte("x")}); !errors.Is(err, ErrBuilderClosed) {
		t.Fatalf("Add after Close = %v, want ErrBuilderClosed", err)
	}
	if err := b.Consume(make(chan Chunk)); !errors.Is(err, ErrBuilderClosed) {
		t.Fatalf("Consume after Close = %v, want ErrBuilderClosed", err)
	}
	if got, err := b.Result(); got != nil || !errors.Is(err, ErrBuilderClosed) {
		t.Fatalf("Result after Close = %q, %v; want nil, ErrBuilderClosed", got, err)
	}
	if b.state.buf.Cap() != 0 {
		t.Fatalf("Close kept a %d-byte buffer", b.state.buf.Cap())
	}
	if err := b.Context().Err(); !errors.Is(err, context.Canceled) {
		t.Fatalf("builder context after Close: %v, want context.Canceled", err)
	}
}

func TestStreamingResultBuilderParentCancelEndsResult(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		b := NewStreamingResultBuilder(ctx)
		defer b.Close()
		b.Add(Chunk{Data: []byte("partial")})
		if err := b.Consume(make(chan Chunk)); err != nil {
			t.Fatal(err)
		}
		cancel()
		got, err := b.Result()
		if string(got) != "partial" || !errors.Is(err, context.Canceled) {
			t.Fatalf("Result = %q, %v; want the partial data with context.Canceled", got, err)
		}
	})
}

func TestStreamingResultBuilderRejectsNilChannel(t *testing.T) {
	b := NewStreamingResultBuilder(context.Background())
	defer b.Close()
	if err := b.Consume(nil); err == nil || !strings.Contains(err.Error(), "nil channel") {
		t.Fatalf("Consume(nil) = %v, want an error about the nil channel", err)
	}
}

func TestNewStreamingResultBuilderNilContextPanicsWithAdvice(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "context.Background()") {
			t.Fatalf("panic = %q, want a message that says what to pass", msg)
		}
	}()
	var nilCtx context.Context
	NewStreamingResultBuilder(nilCtx)
}

// A zero StreamingResultBuilder panics with how to make one.
func TestZeroStreamingResultBuilderPanicsWithAdvice(t *testing.T) {
	for name, use := range map[string]func(){
		"Close":  func() { new(StreamingResultBuilder).Close() },
		"Add":    func() { new(StreamingResultBuilder).Add(Chunk{}) },
		"Result": func() { new(StreamingResultBuilder).Result() },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				msg, _ := recover().(string)
				if !strings.Contains(msg, "stream.NewStreamingResultBuilder(ctx)") {
					t.Fatalf("panic = %q, want how to make a StreamingResultBuilder", msg)
				}
			}()
			use()
		})
	}
}
