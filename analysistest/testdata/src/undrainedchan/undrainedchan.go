package undrainedchan

import (
	"context"
	"errors"
	"io"
	"time"

	leak "github.com/leaklint/leaklint/runtime"
	"github.com/leaklint/leaklint/stream"
	"undrainedchanprod"
)

func use(...any) {}

// Discarded channels.

func _(ctx context.Context, v any) error {
	_, err := stream.StreamJSON(ctx, v, 8) // want `the channel from stream.StreamJSON is discarded and its context cannot be cancelled by this function: the producer goroutine blocks forever`
	return err
}

func _(v any) error {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := stream.StreamJSON(ctx, v, 8) // ok: the deferred cancel releases the producer
	return err
}

func _(ctx context.Context, v any) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	_, err := stream.StreamJSON(ctx, v, 8) // want `the channel from stream.StreamJSON is discarded and its context is not cancelled on that path`
	if err == nil && v == nil {
		return nil
	}
	cancel()
	return nil
}

// Never received.

func _(ctx context.Context, r io.Reader) error {
	ch, err := stream.StreamReader(ctx, r, 8) // want `ch from stream.StreamReader is never received from`
	if err != nil {
		return err
	}
	use(len(ch))
	return nil
}

// Received a fixed number of times.

func _(ctx context.Context, v any) ([]byte, error) {
	ch, err := stream.StreamJSON(ctx, v, 8) // want `ch from stream.StreamJSON is received only once and its context cannot be cancelled`
	if err != nil {
		return nil, err
	}
	first := <-ch
	return first.Data, first.Err
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // want `ch from stream.StreamJSON is received only 2 times`
	<-ch
	<-ch
}

func _() error {
	ch, _ := undrainedchanprod.One() // ok: a producer that sends once is released by one receive
	return <-ch
}

// Ranges and loops.

func _(ctx context.Context, v any) error {
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: drained to the close
	if err != nil {
		return err
	}
	for c := range ch {
		use(c)
	}
	return nil
}

func _(ctx context.Context, v any) error {
	ch, err := stream.StreamJSON(ctx, v, 8) // want `the loop receiving from ch \(from stream.StreamJSON\) can end before it is closed and its context cannot be cancelled by this function`
	if err != nil {
		return err
	}
	for c := range ch {
		if len(c.Data) > 4 {
			return errors.New("chunk too large")
		}
	}
	return nil
}

func _(ctx context.Context, r io.Reader) error {
	ch, err := stream.StreamReader(ctx, r, 8) // ok: a chunk carrying an error is the producer's last value
	if err != nil {
		return err
	}
	for c := range ch {
		if c.Err != nil {
			return c.Err
		}
	}
	return nil
}

func _(ctx context.Context, r io.Reader) {
	ch, _ := stream.StreamReader(ctx, r, 8) // ok: the same through a select
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				return
			}
			if c.Err != nil {
				return
			}
		}
	}
}

func _(ctx context.Context) error {
	_, err := stream.StreamJSON(ctx, func() {}, 8) // ok: a func value cannot be encoded, no producer starts
	if _, err := stream.StreamReader(ctx, nil, 8); err == nil {
		return nil
	}
	_, err = stream.StreamJSON(ctx, 1, 0) // ok: a chunk size below 1 fails before the producer starts
	return err
}

func _(ctx context.Context, v any) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: leaving early is fine, the deferred cancel releases the producer
	if err != nil {
		return err
	}
	for c := range ch {
		if c.Err != nil {
			return c.Err
		}
	}
	return nil
}

func _(ctx context.Context, v any) int {
	ctx, cancel := context.WithCancel(ctx)
	ch, _ := stream.StreamJSON(ctx, v, 8) // want `the loop receiving from ch \(from stream.StreamJSON\) can end before it is closed and its context is not cancelled on that path`
	n := 0
	for c := range ch {
		n += len(c.Data)
		if n > 100 {
			break
		}
	}
	if n > 1000 {
		cancel()
	}
	return n
}

func _(ctx context.Context, v any) int {
	ctx, cancel := context.WithCancel(ctx)
	ch, _ := stream.StreamJSON(ctx, v, 8) // ok: cancelled on the break path
	n := 0
	for c := range ch {
		n += len(c.Data)
		if n > 100 {
			cancel()
			break
		}
	}
	cancel()
	return n
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // want `the loop receiving from ch \(from stream.StreamJSON\) can end before it is closed`
	for c := range ch {
		if c.Data == nil {
			goto out
		}
	}
out:
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // want `the loop receiving from ch \(from stream.StreamJSON\) can end before it is closed`
outer:
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				return
			}
			if len(c.Data) == 0 {
				break outer
			}
		case <-time.After(time.Second):
		}
	}
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // want `the loop receiving from ch`
	for c := range ch {
		if len(c.Data) == 0 {
			panic("empty chunk")
		}
	}
}

func _(ctx context.Context, v any) error {
	ch, _ := stream.StreamJSON(ctx, v, 8) // ok: returning because ctx is done means the producer is released too
	for {
		select {
		case c, ok := <-ch:
			if !ok {
				return nil
			}
			use(c)
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func _(parent context.Context, v any) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	defer func() { cancel() }()
	ch, _ := stream.StreamJSON(context.WithValue(ctx, "k", 1), v, 8) // ok: derived from a cancelled context, cancelled by a deferred closure
	<-ch
}

func _(v any) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, _ := stream.StreamJSON(context.WithoutCancel(ctx), v, 8) // want `received only once and its context cannot be cancelled`
	<-ch
}

// Handing the duty over.

func returned(ctx context.Context, v any) (<-chan stream.Chunk, error) { // want returned:`producer\(result 0, ctx param 0 releases\)`
	return stream.StreamJSON(ctx, v, 8) // ok: returned
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // ok: drained by a function known to drain
	undrainedchanprod.Drain(ch)
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // ok: drained in a goroutine
	go func() {
		for range ch {
		}
	}()
}

func _(ctx context.Context, v any) {
	ch, _ := stream.StreamJSON(ctx, v, 8) // ok: the builder consumes it
	b := stream.NewStreamingResultBuilder(ctx)
	defer b.Close()
	b.Consume(ch)
}

type holder struct{ ch <-chan stream.Chunk }

func _(ctx context.Context, v any) {
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: on the error path there is no producer
	if err != nil {
		return
	}
	for range ch {
	}
}

func _(ctx context.Context, v any, h *holder) {
	h.ch, _ = stream.StreamJSON(ctx, v, 8) // ok: stored
}

func _(ctx context.Context) int {
	ch := undrainedchanprod.Numbers(ctx, 3) // want `ch from undrainedchanprod.Numbers is received only once`
	return <-ch
}

func _(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := undrainedchanprod.Numbers(ctx, 3) // ok: cancel releases an inferred producer that selects on ctx.Done()
	return <-ch
}

func _(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := undrainedchanprod.Stubborn(ctx) // want `ch from undrainedchanprod.Stubborn is received only once and cancelling a context does not release this producer`
	return <-ch
}

func _(ctx context.Context) int {
	ch := undrainedchanprod.Numbers(ctx, 3) // want `received only once`
	return undrainedchanprod.First(ch)
}

func _(ctx context.Context) {
	ch, _ := undrainedchanprod.Wrapped(ctx, 1) // want `never received from`
	use(ch == nil)
}

func _(ctx context.Context) string {
	ch := undrainedchanprod.Marked(ctx) // want `received only once`
	return <-ch
}

// Producers of the runtime helper and StreamingContext.

func _(h *leak.StreamingTestHelper, ctx context.Context, v any) {
	ch, _ := h.StreamJSON(ctx, v, 8) // ok: the helper cancels its producers when the test function returns
	<-ch
}

func _(h *leak.StreamingTestHelper, r io.Reader) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ch, _ := h.StreamReader(ctx, r, 8) // ok
	<-ch
	h.StreamJSON(ctx, 1, 8) // ok: discarded, the helper releases it
}

// wrapHelper returns the helper's channel: the helper still releases it,
// so the wrapper is no producer.
func wrapHelper(h *leak.StreamingTestHelper, ctx context.Context) <-chan stream.Chunk {
	ch, _ := h.StreamJSON(ctx, 1, 8)
	return ch
}

func _(ctx context.Context) any {
	s := stream.NewStreamingContext(ctx)
	ch := s.Channel() // want `ch from StreamingContext.Channel is received only once and the stream is not closed on that path`
	return <-ch
}

func _(ctx context.Context) any {
	s := stream.NewStreamingContext(ctx)
	defer s.Close()
	ch := s.Channel() // ok: closing the stream releases it
	return <-ch
}

// Generics, closures, method values.

func first[T any](ctx context.Context, produce func(context.Context) <-chan T) T {
	return <-produce(ctx) // ok: not a known producer, a func value
}

func _(ctx context.Context) {
	f := undrainedchanprod.Numbers
	use(first(ctx, func(ctx context.Context) <-chan int { return f(ctx, 1) }))
}

func _(ctx context.Context, v any) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	func() {
		ch, _ := stream.StreamJSON(ctx, v, 8) // ok: the enclosing function cancels the context
		<-ch
	}()
}

func _(ctx context.Context, v any) {
	go func() {
		ch, _ := stream.StreamJSON(ctx, v, 8) // want `received only once`
		<-ch
	}()
}

func _(ctx context.Context, v any) error {
	//leaklint:ignore undrainedchan the test server reads the rest
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: silenced
	_ = err
	<-ch
	return errors.New("x")
}

// Method values.

func _(ctx context.Context) any {
	s := stream.NewStreamingContext(ctx)
	channel := s.Channel
	ch := channel() // want `ch from StreamingContext.Channel is received only once`
	return <-ch
}

func _(ctx context.Context) any {
	s := stream.NewStreamingContext(ctx)
	defer s.Close()
	channel := s.Channel
	ch := channel() // ok: closed
	return <-ch
}

func _(ctx context.Context) any {
	s := stream.NewStreamingContext(ctx)
	closeStream := s.Close
	defer closeStream()
	ch := s.Channel() // ok: closed through a method value
	return <-ch
}
