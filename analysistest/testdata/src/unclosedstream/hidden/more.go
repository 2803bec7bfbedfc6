package hidden

import (
	"context"
	"io"
	"testing"

	leak "github.com/leaklint/leaklint/runtime"
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

// Embedded, closed through the promoted method.
type wrapped struct{ *stream.StreamingContext }

func _(ctx context.Context) {
	w := wrapped{stream.NewStreamingContext(ctx)} // ok
	defer w.Close()
	w.Send(1)
}

func _(ctx context.Context) {
	w := wrapped{stream.NewStreamingContext(ctx)} // want `not closed`
	w.Send(1)
}

// Deferred with the value as the argument of a literal.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	defer func(s *stream.StreamingContext) { s.Close() }(sc)
	sc.Send(1)
}

// A method value handed to t.Cleanup.
func _(t *testing.T, ctx context.Context) {
	g := leak.NewStreamingResourceGuard(ctx) // ok
	t.Cleanup(func() { _ = g.Cleanup() })
	g.RegisterStream()
}

func _(t *testing.T, ctx context.Context) {
	b := stream.NewStreamingResultBuilder(ctx) // ok
	t.Cleanup(func() { b.Close() })
}

// A guard cleaned up after an early return that skips it.
func _(ctx context.Context, fail bool) error {
	g := leak.NewStreamingResourceGuard(ctx) // want `not released by Cleanup on the path through the return`
	if fail {
		return io.ErrUnexpectedEOF
	}
	defer g.Cleanup()
	return g.CompleteStream()
}

// A method value deferred after the work.
func _(ctx context.Context) error {
	g := leak.NewStreamingResourceGuard(ctx) // ok
	cleanup := g.Cleanup
	defer cleanup()
	return g.CompleteStream()
}

// In a slice literal closed by a loop.
func _(ctx context.Context) {
	xs := []*stream.StreamingContext{stream.NewStreamingContext(ctx), stream.NewStreamingContext(ctx)} // ok
	for _, x := range xs {
		x.Close()
	}
}

// In a slice literal that is only read.
func _(ctx context.Context) {
	xs := []*stream.StreamingContext{stream.NewStreamingContext(ctx)} // want `not closed`
	xs[0].Send(1)
}

// In a slice literal passed on.
func closeSlice(xs []*stream.StreamingContext) {
	for _, x := range xs {
		x.Close()
	}
}

func _(ctx context.Context) {
	xs := []*stream.StreamingContext{stream.NewStreamingContext(ctx)} // ok
	closeSlice(xs)
}
