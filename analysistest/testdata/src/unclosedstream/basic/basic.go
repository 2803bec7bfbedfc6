package basic // want package:"provides resources"

import (
	"context"
	"errors"

	leak "github.com/leaklint/leaklint/runtime"
	"github.com/leaklint/leaklint/stream"
)

var cond bool

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `the StreamingContext created here is not closed on the path through the return at line 17: its goroutine leaks`
	sc.Send(1)
	_ = sc
}

func _(ctx context.Context) {
	stream.NewStreamingContext(ctx) // want `the StreamingContext created here is discarded, so it is never closed`
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	defer sc.Close()
	sc.Send(1)
}

func _(ctx context.Context) error {
	b := stream.NewStreamingResultBuilder(ctx) // want `the StreamingResultBuilder created here is not closed on the path through the return at line 32`
	if cond {
		return errors.New("early")
	}
	return b.Close()
}

func _(ctx context.Context) {
	g := leak.NewStreamingResourceGuard(ctx) // want `the StreamingResourceGuard created here is not released by Cleanup on the path`
	g.RegisterStream()
}

func _(ctx context.Context) {
	g := leak.NewStreamingResourceGuard(ctx) // ok
	defer g.Cleanup()
	g.RegisterStream()
}

// Ownership leaves the function.

func _(ctx context.Context) *stream.StreamingContext {
	return stream.NewStreamingContext(ctx) // ok: returned
}

type server struct{ sc *stream.StreamingContext }

func (s *server) _(ctx context.Context) {
	s.sc = stream.NewStreamingContext(ctx) // ok: stored in a field
}

var streams = map[string]*stream.StreamingContext{}

func _(ctx context.Context) {
	streams["x"] = stream.NewStreamingContext(ctx) // ok: stored in a map
}

func _(ctx context.Context, out []*stream.StreamingContext) {
	out[0] = stream.NewStreamingContext(ctx) // ok: stored in a slice
}

func _(ctx context.Context, ch chan *stream.StreamingContext) {
	ch <- stream.NewStreamingContext(ctx) // ok: sent
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok: a goroutine closes it
	go func() {
		defer sc.Close()
		sc.Send(1)
	}()
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	go func() {
		sc.Send(1) // the goroutine uses it but never closes it
	}()
}

func closeIt(sc *stream.StreamingContext) { sc.Close() } // want closeIt:"releases param 0"

func keep(sc *stream.StreamingContext) { streams["k"] = sc } // want keep:"keeps param 0"

func send(sc *stream.StreamingContext) { sc.Send(1) } // want send:"ignores param 0"

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok: a helper closes it
	defer closeIt(sc)
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok: a helper keeps it
	keep(sc)
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	send(sc)
}

// Constructors are learnt, and the error path has nothing to close.

func open(ctx context.Context) (*stream.StreamingContext, error) { // want open:"returns resource in result 0"
	if ctx == nil {
		return nil, errors.New("nil context")
	}
	return stream.NewStreamingContext(ctx), nil
}

func _(ctx context.Context) error {
	sc, err := open(ctx) // ok
	if err != nil {
		return err
	}
	defer sc.Close()
	return nil
}

func _(ctx context.Context) error {
	sc, err := open(ctx) // want `not closed on the path through the return at line 133`
	if err != nil {
		return err
	}
	return sc.Send(1)
}

func _(ctx context.Context) {
	sc, err := open(ctx) // ok: nil check
	if sc == nil || err != nil {
		return
	}
	sc.Close()
}

// Loops.

func _(ctx context.Context) {
	for range 3 {
		sc := stream.NewStreamingContext(ctx) // want `in a loop is not closed before the next iteration`
		if cond {
			sc.Close()
		}
	}
}

func _(ctx context.Context) {
	for range 3 {
		sc := stream.NewStreamingContext(ctx) // want `is closed by a defer inside a loop`
		defer sc.Close()
	}
}

func _(ctx context.Context) {
	for range 3 {
		sc := stream.NewStreamingContext(ctx) // ok
		sc.Send(1)
		sc.Close()
	}
}

// Method values, interfaces, closures.

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok: method value
	done := sc.Close
	defer done()
}

type closer interface{ Close() error }

func _(ctx context.Context) {
	var c closer = stream.NewStreamingContext(ctx) // ok: closed through an interface
	defer c.Close()
}

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	cleanup := func() { sc.Close() }
	defer cleanup()
}

// Panics and select.

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok: the other path panics
	if cond {
		panic("unreachable")
	}
	sc.Close()
}

func _(ctx context.Context, a, b chan int) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	select {
	case <-a:
		sc.Close()
	case <-b:
	}
}

// Generics.

func _[T any](ctx context.Context, v T) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	sc.Send(v)
}

func closeAny[C interface{ Close() error }](c C) { c.Close() }

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok: a generic helper closes it
	closeAny(sc)
}

// Directives.

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) //leaklint:ignore unclosedstream cancelled with ctx by the caller
	sc.Send(1)
}
