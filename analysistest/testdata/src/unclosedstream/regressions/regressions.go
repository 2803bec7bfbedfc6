package regressions // want package:"provides resources"

// The false-positive reports of bodyclose and sqlclosecheck, rewritten for
// must-close streams. None may be flagged.

import (
	"context"
	"errors"
	"io"
	"log"
	"sync"
	"time"

	"github.com/leaklint/leaklint/stream"
)

func open(ctx context.Context) (*stream.StreamingContext, error) { // want open:"returns resource in result 0"
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return stream.NewStreamingContext(ctx), nil
}

// bodyclose#4: a function returns the value and its caller closes it.
func get(ctx context.Context) *stream.StreamingContext { // want get:"returns resource in result 0"
	sc := stream.NewStreamingContext(ctx) // ok
	return sc
}

func _(ctx context.Context) {
	sc := get(ctx) // ok
	sc.Close()
}

// bodyclose#18: closed through an io.Closer by a function literal.
func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // ok
	closer := func(c io.Closer) { c.Close() }
	closer(sc)
}

// bodyclose#30: closed by a helper in every case of a select loop.
func closeQuietly(c io.Closer) { // the parameter is an interface: callers are trusted
	if err := c.Close(); err != nil {
		log.Print(err)
	}
}

func _(ctx context.Context, tick <-chan time.Time, stop <-chan bool) bool {
	for {
		select {
		case <-stop:
			return false
		case <-tick:
			sc, err := open(ctx) // ok
			if err != nil {
				continue
			}
			if sc.Send(1) == nil {
				closeQuietly(sc)
				return true
			}
			closeQuietly(sc)
		}
	}
}

// bodyclose#42: a method of the owning struct closes it.
type client struct{ sc *stream.StreamingContext }

func (c *client) connect(ctx context.Context) {
	c.sc = stream.NewStreamingContext(ctx) // ok
}

func (c *client) Close() error { return c.sc.Close() }

// bodyclose#47: closed in a deferred closure.
func _(ctx context.Context) {
	sc := get(ctx) // ok
	defer func() {
		_ = sc.Close()
	}()
	sc.Send(1)
}

// bodyclose#61 and #77: declared before the branches, closed once after.
func _(ctx context.Context, a bool) error {
	var sc *stream.StreamingContext
	var err error
	if a {
		sc, err = open(ctx) // ok
		if err != nil {
			return err
		}
	} else {
		sc = stream.NewStreamingContext(ctx) // ok
	}
	defer sc.Close()
	return nil
}

// sqlclosecheck#11 (a miss there): each branch's value must be closed.
func _(ctx context.Context, a bool) {
	var sc *stream.StreamingContext
	if a {
		sc = stream.NewStreamingContext(ctx) // want `not closed`
	} else {
		sc = stream.NewStreamingContext(ctx) // want `not closed`
	}
	sc.Send(1)
}

// sqlclosecheck#35: defer after the error check.
func _(ctx context.Context) {
	sc, err := open(ctx) // ok
	if err != nil {
		log.Print(err)
		return
	}
	defer sc.Close()
}

// sqlclosecheck#43: a helper deferred with the value closes it.
func deferClose(sc *stream.StreamingContext) { // want deferClose:"releases param 0"
	if err := sc.Close(); err != nil {
		log.Print(err)
	}
}

func _(ctx context.Context) error {
	sc, err := open(ctx) // ok
	if err != nil {
		return err
	}
	defer deferClose(sc)
	return sc.Send(1)
}

// sqlclosecheck#49: closed in a deferred closure that discards the error.
func _(ctx context.Context) error {
	sc, err := open(ctx) // ok
	if err != nil {
		return err
	}
	defer func() { _ = sc.Close() }()
	for i := range 3 {
		if err := sc.Send(i); err != nil {
			return err
		}
	}
	return sc.Err()
}

// log.Fatal does not return: nothing leaks past it.
func _(ctx context.Context) {
	sc, err := open(ctx) // ok
	if err != nil {
		log.Fatal(err)
	}
	if sc.Send(1) != nil {
		log.Fatal(errors.New("send"))
	}
	sc.Close()
}

// Found in this repository's tests.

// The loop certainly runs, so the goroutines it starts close the builder.
func _(ctx context.Context) {
	b := stream.NewStreamingResultBuilder(ctx) // ok
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() { b.Close() })
	}
	wg.Wait()
}

func here() string { return "" }

// Found in runtime/guard_test.go: a range over a slice made with a
// constant length runs its first iteration.
func _(ctx context.Context) {
	b := stream.NewStreamingResultBuilder(ctx) // ok
	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = b.Close()
		}()
	}
	wg.Wait()
}

func _(ctx context.Context, n int) {
	b := stream.NewStreamingResultBuilder(ctx) // want `not closed`
	errs := make([]error, n)
	for i := range errs {
		errs[i] = b.Close()
	}
}

// One of two values assigned by one statement is dropped.
func _(ctx context.Context) string {
	_, where := stream.NewStreamingContext(ctx), here() // want `the StreamingContext created here is discarded`
	return where
}

// Cancelling its context releases a stream, as Close does.
func _(parent context.Context) {
	ctx, cancel := context.WithCancel(parent)
	sc := stream.NewStreamingContext(ctx) // ok
	cancel()
	<-sc.Done()
}

func _(parent context.Context, c bool) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	b := stream.NewStreamingResultBuilder(ctx) // ok: the deferred cancel releases it
	b.Add(stream.Chunk{})
}

// A nil context makes the constructor panic: nothing is created.
func _() {
	stream.NewStreamingContext(nil) // ok
}

// Found in stream/context_test.go: the loop certainly runs to i == 500,
// so the value-dependent branch that closes is certainly taken; the
// counter's value along the path shows it.
func _() int {
	s := stream.NewStreamingContext(context.Background()) // ok
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
	return sent + <-received
}

// The same loop, bounded by a variable: it may end before i == 500.
func _(n int) int {
	s := stream.NewStreamingContext(context.Background()) // want `not closed`
	sent := 0
	for i := range n {
		if i == 500 {
			s.Close()
		}
		if s.Send(i) == nil {
			sent++
		}
	}
	return sent
}
