package stream

import (
	"bytes"
	"context"
	"errors"
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
// goroutines it owns. A builder that is never closed keeps them.
type StreamingResultBuilder struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	buf    bytes.Buffer
	err    error // first chunk error
	closed bool

	resource *track.Resource
}

// NewStreamingResultBuilder returns a builder bound to ctx.
func NewStreamingResultBuilder(ctx context.Context) *StreamingResultBuilder {
	if ctx == nil {
		panic("stream: NewStreamingResultBuilder called with a nil context; pass context.Background() or a request context")
	}
	ctx, cancel := context.WithCancel(ctx)
	b := &StreamingResultBuilder{ctx: ctx, cancel: cancel}
	b.resource = track.Created("StreamingResultBuilder", callerOrigin(2))
	return b
}

// Context returns a context that Close cancels. Producers whose chunks go to
// the builder should use it, so that closing the builder releases them.
func (b *StreamingResultBuilder) Context() context.Context { return b.ctx }

// Add appends c's data, or records c's error if it is the first one.
func (b *StreamingResultBuilder) Add(c Chunk) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrBuilderClosed
	}
	if c.Err != nil {
		if b.err == nil {
			b.err = c.Err
		}
		return nil
	}
	b.buf.Write(c.Data)
	return nil
}

// Consume drains ch into the builder from a goroutine the builder owns,
// until ch is closed or the builder's context is done.
func (b *StreamingResultBuilder) Consume(ch <-chan Chunk) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return ErrBuilderClosed
	}
	b.wg.Add(1)
	go func() {
		defer b.wg.Done()
		for {
			select {
			case c, ok := <-ch:
				if !ok || b.Add(c) != nil {
					return
				}
			case <-b.ctx.Done():
				return
			}
		}
	}()
	return nil
}

// Result waits for every channel handed to Consume to be drained and returns
// a copy of the accumulated data with the first chunk error, if any.
func (b *StreamingResultBuilder) Result() ([]byte, error) {
	b.wg.Wait()
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, ErrBuilderClosed
	}
	if b.err == nil {
		if err := b.ctx.Err(); err != nil {
			return bytes.Clone(b.buf.Bytes()), err
		}
	}
	return bytes.Clone(b.buf.Bytes()), b.err
}

// Close cancels the builder's context, waits for its goroutines and releases
// the accumulated data. It is idempotent.
func (b *StreamingResultBuilder) Close() error {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return nil
	}
	// Marking closed first stops Consume from adding to wg while we wait.
	b.closed = true
	b.mu.Unlock()

	b.cancel()
	b.wg.Wait()

	b.mu.Lock()
	b.buf = bytes.Buffer{}
	b.mu.Unlock()
	b.resource.Release()
	return nil
}
