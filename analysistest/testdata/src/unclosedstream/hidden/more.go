package hidden

import (
	"context"
	"io"
	"testing"

	"github.com/leaklint/leaklint/stream"
)

// Overwritten before it is closed.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed on the path through the return`
	sc.Send(1)
	sc = stream.NewStreamingContext(ctx) // ok
	sc.Close()
}

// A leak inside a goroutine's function.
func _(ctx context.Context) {
	go func() {
		sc := stream.NewStreamingContext(ctx) // want `not closed`
		sc.Send(1)
	}()
}

// Closed by t.Cleanup.
func _(t *testing.T, ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	t.Cleanup(func() { sc.Close() })
	sc.Send(1)
}

// Wrapped as an io.Reader only: nothing can close it through that.
func consume(r io.Reader) error { _, err := io.ReadAll(r); return err }

type reader struct{ *stream.StreamingContext }

func (reader) Read([]byte) (int, error) { return 0, io.EOF }

func _(ctx context.Context) error {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	return consume(reader{sc})
}

// Passed to fmt-like code as an io.Writer and then closed.
func write(w io.Writer) { _, _ = w.Write(nil) }

type writer struct{ sc *stream.StreamingContext }

func (w *writer) Write(p []byte) (int, error) { return len(p), w.sc.Send(p) }
func (w *writer) Close() error                { return w.sc.Close() }

func _(ctx context.Context) {
	w := &writer{sc: stream.NewStreamingContext(ctx)} // ok: owned by w
	defer w.Close()
	write(w)
}

// Closed on every case of a type switch.
func _(ctx context.Context, v any) {
	sc := stream.NewStreamingContext(ctx) // ok
	switch v.(type) {
	case int:
		sc.Close()
	case string:
		defer sc.Close()
	default:
		sc.Close()
	}
}

// A type switch case that forgets.
func _(ctx context.Context, v any) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	switch v.(type) {
	case int:
		sc.Close()
	case string:
	}
}
