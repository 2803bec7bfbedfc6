package stream

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
	"testing/iotest"
	"testing/synctest"
)

// drain receives every chunk and returns the joined data and the error
// chunks in order.
func drain(t *testing.T, ch <-chan Chunk, chunkSize int) (data []byte, errs []error) {
	t.Helper()
	for c := range ch {
		if c.Err != nil {
			errs = append(errs, c.Err)
			continue
		}
		if len(errs) > 0 {
			t.Fatalf("data chunk after an error chunk")
		}
		if len(c.Data) == 0 || len(c.Data) > chunkSize {
			t.Fatalf("chunk of %d bytes, want 1..%d", len(c.Data), chunkSize)
		}
		data = append(data, c.Data...)
	}
	return data, errs
}

func TestStreamJSONStreamsTheEncoding(t *testing.T) {
	v := map[string]any{"name": "leaklint", "ids": []int{1, 2, 3}, "nested": map[string]bool{"ok": true}}
	want, _ := json.Marshal(v)
	for _, size := range []int{1, 2, 7, len(want) - 1, len(want), len(want) + 1, math.MaxInt} {
		ch, err := StreamJSON(context.Background(), v, size)
		if err != nil {
			t.Fatalf("StreamJSON(chunkSize=%d) = %v", size, err)
		}
		got, errs := drain(t, ch, size)
		if !bytes.Equal(got, want) || errs != nil {
			t.Fatalf("chunkSize=%d: got %q, errors %v; want %q", size, got, errs, want)
		}
	}
}

func TestStreamJSONChunksAreFullExceptTheLast(t *testing.T) {
	ch, err := StreamJSON(context.Background(), strings.Repeat("x", 98), 10) // 100 bytes encoded
	if err != nil {
		t.Fatal(err)
	}
	var sizes []int
	for c := range ch {
		sizes = append(sizes, len(c.Data))
	}
	if want := []int{10, 10, 10, 10, 10, 10, 10, 10, 10, 10}; !equalInts(sizes, want) {
		t.Fatalf("chunk sizes %v, want %v", sizes, want)
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestStreamJSONChunksCannotOverwriteEachOther(t *testing.T) {
	ch, err := StreamJSON(context.Background(), "abcdef", 2)
	if err != nil {
		t.Fatal(err)
	}
	first := <-ch
	_ = append(first.Data, 'X') // must copy, not write into the next chunk
	got, _ := drain(t, ch, 2)
	if string(first.Data)+string(got) != `"abcdef"` {
		t.Fatalf("stream = %q, appending to a chunk corrupted the next one", string(first.Data)+string(got))
	}
}

func TestStreamBadArgumentsFailBeforeAnyGoroutine(t *testing.T) {
	bg := context.Background()
	var nilCtx context.Context
	for _, tc := range []struct {
		name string
		call func() (<-chan Chunk, error)
		want string
	}{
		{"JSON chunkSize 0", func() (<-chan Chunk, error) { return StreamJSON(bg, 1, 0) }, "chunk size must be at least 1, got 0"},
		{"JSON chunkSize -1", func() (<-chan Chunk, error) { return StreamJSON(bg, 1, -1) }, "got -1"},
		{"JSON channel value", func() (<-chan Chunk, error) { return StreamJSON(bg, make(chan int), 8) }, "encoding value as JSON"},
		{"JSON NaN", func() (<-chan Chunk, error) { return StreamJSON(bg, math.NaN(), 8) }, "unsupported value"},
		{"JSON nil context", func() (<-chan Chunk, error) { return StreamJSON(nilCtx, 1, 8) }, "nil context"},
		{"Reader chunkSize 0", func() (<-chan Chunk, error) { return StreamReader(bg, strings.NewReader("x"), 0) }, "chunk size"},
		{"Reader nil reader", func() (<-chan Chunk, error) { return StreamReader(bg, nil, 8) }, "nil reader"},
		{"Reader nil context", func() (<-chan Chunk, error) { return StreamReader(nilCtx, strings.NewReader("x"), 8) }, "nil context"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// In a bubble, a goroutine started by the call would still be
			// running (or would have to be waited for) at the end: the
			// error must come before any goroutine exists.
			synctest.Test(t, func(t *testing.T) {
				ch, err := tc.call()
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("error = %v, want one containing %q", err, tc.want)
				}
				if ch != nil {
					t.Fatal("a channel was returned with the error")
				}
			})
		})
	}
	if _, err := StreamJSON(bg, 1, 0); !errors.Is(err, ErrChunkSize) {
		t.Fatalf("chunk size error %v does not match ErrChunkSize", err)
	}
}

func TestStreamJSONCancelMidStreamStopsProducer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		ch, err := StreamJSON(ctx, strings.Repeat("x", 1000), 10)
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if c := <-ch; len(c.Data) != 10 {
				t.Fatalf("chunk of %d bytes before cancel, want 10", len(c.Data))
			}
		}
		// Once the producer is parked in its send, cancel decides that
		// select; without this the cancel could race a send already under way.
		synctest.Wait()
		cancel()
		// The producer checks ctx before each send: nothing more arrives,
		// even though the consumer keeps receiving.
		for c := range ch {
			t.Fatalf("chunk %q received after cancel", c.Data)
		}
		// synctest.Test fails if the producer were still running here.
	})
}

func TestStreamJSONUndrainedWithoutCancelLeaksProducer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		ch, err := StreamJSON(ctx, "a long enough value", 4)
		if err != nil {
			t.Fatal(err)
		}
		<-ch
		synctest.Wait()
		// The documented undrainedchan leak: the producer waits for ever
		// on the next send. Cancelling is what releases it.
		select {
		case c, ok := <-ch:
			if !ok {
				t.Fatal("the producer gave up although the consumer neither drained nor cancelled")
			}
			_ = c
		default:
			t.Fatal("no producer is waiting to send the next chunk")
		}
		cancel()
		for range ch {
		}
	})
}

func TestStreamReaderStreamsEverything(t *testing.T) {
	input := bytes.Repeat([]byte("0123456789"), 1000)
	for _, size := range []int{1, 3, 10, 4096, len(input), len(input) + 1, 1 << 40} {
		// OneByteReader makes every chunk take many reads.
		ch, err := StreamReader(context.Background(), iotest.OneByteReader(bytes.NewReader(input)), size)
		if err != nil {
			t.Fatalf("StreamReader(chunkSize=%d) = %v", size, err)
		}
		var sizes []int
		var got []byte
		for c := range ch {
			if c.Err != nil {
				t.Fatalf("chunkSize=%d: error chunk %v", size, c.Err)
			}
			sizes = append(sizes, len(c.Data))
			got = append(got, c.Data...)
		}
		if !bytes.Equal(got, input) {
			t.Fatalf("chunkSize=%d: got %d bytes, want the %d of the input", size, len(got), len(input))
		}
		for i, n := range sizes[:len(sizes)-1] {
			if n != size {
				t.Fatalf("chunkSize=%d: chunk %d has %d bytes; only the last may be short", size, i, n)
			}
		}
	}
}

func TestStreamReaderEmptyInputClosesWithoutChunks(t *testing.T) {
	ch, err := StreamReader(context.Background(), strings.NewReader(""), 8)
	if err != nil {
		t.Fatal(err)
	}
	for c := range ch {
		t.Fatalf("chunk %+v from an empty reader", c)
	}
}

func TestStreamReaderFailingMidwayDeliversDataThenError(t *testing.T) {
	boom := errors.New("disk on fire")
	r := io.MultiReader(strings.NewReader("hello, world"), iotest.ErrReader(boom))
	ch, err := StreamReader(context.Background(), r, 5)
	if err != nil {
		t.Fatal(err)
	}
	data, errs := drain(t, ch, 5)
	if string(data) != "hello, world" {
		t.Fatalf("data before the failure = %q, want %q", data, "hello, world")
	}
	if len(errs) != 1 || !errors.Is(errs[0], boom) {
		t.Fatalf("error chunks = %v, want exactly [%v] as the last chunk", errs, boom)
	}
}

// A reader returning (0, nil) for ever must not spin the producer for ever.
func TestStreamReaderNoProgressIsAnError(t *testing.T) {
	ch, err := StreamReader(context.Background(), zeroReader{}, 8)
	if err != nil {
		t.Fatal(err)
	}
	_, errs := drain(t, ch, 8)
	if len(errs) != 1 || !errors.Is(errs[0], io.ErrNoProgress) {
		t.Fatalf("error chunks = %v, want [io.ErrNoProgress]", errs)
	}
}

type zeroReader struct{}

func (zeroReader) Read([]byte) (int, error) { return 0, nil }

func TestStreamReaderCancelMidStreamStopsProducer(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		ch, err := StreamReader(ctx, bytes.NewReader(make([]byte, 1000)), 10)
		if err != nil {
			t.Fatal(err)
		}
		<-ch
		synctest.Wait()
		cancel()
		for c := range ch {
			t.Fatalf("chunk of %d bytes received after cancel", len(c.Data))
		}
	})
}
