package stream

import (
	"bytes"
	"context"
	"errors"
	"runtime"
	"sync"

	"github.com/leaklint/leaklint/internal/track"
)

// ErrBuilderClosed is returned by a StreamingResultBuilder used after Close.
var ErrBuilderClosed = errors.New("stream: StreamingResultBuilder is closed")

// StreamingResultBuilder gathers streamed chunks into one result. Chunks
// arrive through Add or from channels handed to Consume, each drained by a
// goroutine the builder owns.
//
// Close releases the accumulated data, cancels the builder's context (pass
// Context to producers so that Close releases them too) and waits for the
// goroutines it owns. A builder that is never closed keeps them, and one
// that the garbage collector finds unreachable while still open is reported
// to the listeners of the runtime monitor.
type StreamingResultBuilder struct {
	// As for StreamingContext, goroutines and the cleanup reference only
	// state, so that a dropped handle can be detected.
	state   *builderState
	cleanup runtime.Cleanup
}

type builderState struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	buf    bytes.Buffer
	err    error // first chunk error
	closed bool

	origin   origin
	resource *track.Resource
}

// NewStreamingResultBuilder returns a builder bound to ctx: cancelling ctx
// stops the goroutines that Consume started, as Close does.
//
// It panics if ctx is nil, as the context package's functions do.
func NewStreamingResultBuilder(ctx context.Context) *StreamingResultBuilder {
	return newStreamingResultBuilder(ctx, callerOrigin(1))
}

func newStreamingResultBuilder(ctx context.Context, o origin) *StreamingResultBuilder {
	if ctx == nil {
		panic("stream: NewStreamingResultBuilder called with a nil context; pass context.Background() or a request context")
	}
	ctx, cancel := context.WithCancel(ctx)
	st := &builderState{ctx: ctx, cancel: cancel, origin: o}
	if track.Enabled() {
		st.resource = track.Created("StreamingResultBuilder", o.String())
	}
	b := &StreamingResultBuilder{state: st}
	b.cleanup = runtime.AddCleanup(b, reportCollectedBuilder, st)
	return b
}

// reportCollectedBuilder runs when a builder handle is unreachable. Like
// reportCollectedStream it reports and changes nothing.
func reportCollectedBuilder(st *builderState) {
	st.mu.Lock()
	closed := st.closed
	st.mu.Unlock()
	if !closed {
		track.ReportCollected(track.Collected{Kind: "StreamingResultBuilder", Origin: st.origin.String()})
	}
}

// st returns the builder's state. A builder not made by
// NewStreamingResultBuilder (a zero value, a nil pointer) has none: say
// how to make one rather than fail with a nil dereference.
func (b *StreamingResultBuilder) st() *builderState {
	if b == nil || b.state == nil {
		panic("stream: StreamingResultBuilder used without NewStreamingResultBuilder; create it with b := stream.NewStreamingResultBuilder(ctx) and release it with defer b.Close()")
	}
	return b.state
}

// Context returns a context that Close cancels. Producers whose chunks go to
// the builder should use it, so that closing the builder releases them.
func (b *StreamingResultBuilder) Context() context.Context { return b.st().ctx }

// Add appends c's data, or records c's error if it is the first one. It
// returns ErrBuilderClosed after Close.
func (b *StreamingResultBuilder) Add(c Chunk) error { return b.st().add(c) }

func (st *builderState) add(c Chunk) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return ErrBuilderClosed
	}
	if c.Err != nil {
		if st.err == nil {
			st.err = c.Err
		}
		return nil
	}
	st.buf.Write(c.Data)
	return nil
}

// Consume drains ch into the builder from a goroutine the builder owns,
// until ch is closed or the builder's context is done. It returns
// ErrBuilderClosed after Close.
func (b *StreamingResultBuilder) Consume(ch <-chan Chunk) error {
	if ch == nil {
		// A nil channel never delivers: the goroutine would only ever end
		// through Close, which is certainly not what the caller meant.
		return errors.New("stream: Consume called with a nil channel")
	}
	return b.st().consume(ch)
}

func (st *builderState) consume(ch <-chan Chunk) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return ErrBuilderClosed
	}
	st.wg.Add(1)
	go func() {
		defer st.wg.Done()
		labelWithOrigin(st.ctx, st.origin)
		for {
			select {
			case c, ok := <-ch:
				if !ok || st.add(c) != nil {
					return
				}
			case <-st.ctx.Done():
				return
			}
		}
	}()
	return nil
}

// Result waits for every channel handed to Consume to be drained and returns
// a copy of the accumulated data with the first chunk error, if any. If the
// builder's context ended before that, the data gathered so far is returned
// with the context's error. After Close it returns ErrBuilderClosed.
//
// Call it after the last Consume: a Consume that races with Result may or
// may not be waited for.
func (b *StreamingResultBuilder) Result() ([]byte, error) {
	st := b.st()
	st.wg.Wait()
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.closed {
		return nil, ErrBuilderClosed
	}
	err := st.err
	if err == nil {
		err = st.ctx.Err()
	}
	return bytes.Clone(st.buf.Bytes()), err
}

// Close cancels the builder's context, waits for its goroutines and releases
// the accumulated data. It is idempotent and always returns nil; the error
// result lets it satisfy io.Closer.
func (b *StreamingResultBuilder) Close() error {
	st := b.st()
	st.mu.Lock()
	if st.closed {
		st.mu.Unlock()
		// A concurrent first Close may still be waiting; returning only
		// once the goroutines are gone keeps the promise for every caller.
		st.wg.Wait()
		return nil
	}
	// Marking closed first stops Consume from adding to wg while we wait.
	st.closed = true
	st.mu.Unlock()

	st.cancel()
	st.wg.Wait()

	st.mu.Lock()
	st.buf = bytes.Buffer{}
	st.mu.Unlock()
	st.resource.Release()
	b.cleanup.Stop()
	return nil
}
