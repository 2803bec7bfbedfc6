package stream

import (
	"context"
	"errors"
	"sync"

	"github.com/leaklint/leaklint/internal/track"
)

// ErrClosed is returned by Send after Close.
var ErrClosed = errors.New("stream: send on closed StreamingContext")

// DefaultBuffer is how many values a StreamingContext holds before Send
// waits for the consumer.
const DefaultBuffer = 64

// StreamingContext is a buffered stream of values bound to a context.
//
// A producer calls Send; a consumer ranges over Channel. The stream ends when
// Close is called or the context is done, whichever comes first; values sent
// before that are still delivered.
//
// A StreamingContext owns one goroutine that ends the stream when the
// context is done. It exits on Close or on cancellation, so a
// StreamingContext whose context is never cancelled must be closed: not
// closing it is a goroutine leak.
type StreamingContext struct {
	ctx     context.Context
	values  chan any
	closing chan struct{} // closed first by Close, to release blocked senders
	done    chan struct{} // closed once values is closed and the watcher is gone

	// mu orders sends before the close of values: Send holds it for reading
	// while it may write to values, closeValues holds it for writing.
	mu        sync.RWMutex
	closeOnce sync.Once
	err       error // why the stream ended; written once, before closing is closed

	resource *track.Resource
}

// NewStreamingContext returns a stream bound to ctx. Close it when done, or
// cancel ctx: either one ends the stream and releases its goroutine.
func NewStreamingContext(ctx context.Context) *StreamingContext {
	if ctx == nil {
		panic("stream: NewStreamingContext called with a nil context; pass context.Background() or a request context")
	}
	s := &StreamingContext{
		ctx:     ctx,
		values:  make(chan any, DefaultBuffer),
		closing: make(chan struct{}),
		done:    make(chan struct{}),
	}
	s.resource = track.Created("StreamingContext", callerOrigin(2))
	go s.watch()
	return s
}

// watch ends the stream when the context is done. It is the goroutine that
// leaks when a StreamingContext is neither closed nor cancelled.
func (s *StreamingContext) watch() {
	select {
	case <-s.ctx.Done():
		s.end(s.ctx.Err())
	case <-s.closing:
	}
	close(s.done)
}

// Context returns the context the stream is bound to.
func (s *StreamingContext) Context() context.Context { return s.ctx }

// Send delivers v to the consumer. It waits while the buffer is full, but
// never forever: it returns the context's error once the context is done and
// ErrClosed once the stream is closed.
func (s *StreamingContext) Send(v any) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	select {
	case <-s.closing:
		return s.closedErr()
	default:
	}
	select {
	case s.values <- v:
		return nil
	case <-s.closing:
		return s.closedErr()
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}

func (s *StreamingContext) closedErr() error {
	if err := s.ctx.Err(); err != nil {
		return err
	}
	return ErrClosed
}

// Channel returns the channel that consumers range over. It is closed when
// the stream ends; values sent before that are delivered first.
func (s *StreamingContext) Channel() <-chan any { return s.values }

// Done returns a channel that is closed once the stream has ended and its
// goroutine has exited.
func (s *StreamingContext) Done() <-chan struct{} { return s.done }

// Err returns nil while the stream is open, ErrClosed after Close, or the
// context's error if the context ended the stream.
func (s *StreamingContext) Err() error {
	select {
	case <-s.closing:
		return s.err // written before closing was closed
	default:
		return nil
	}
}

// Close ends the stream and waits for its goroutine to exit. It is
// idempotent and always returns nil; the error result lets it satisfy
// io.Closer.
func (s *StreamingContext) Close() error {
	s.end(ErrClosed)
	<-s.done
	return nil
}

// end closes the stream once: it releases blocked senders, waits for the
// senders in flight, then closes values.
func (s *StreamingContext) end(reason error) {
	s.closeOnce.Do(func() {
		s.err = reason
		close(s.closing)
		s.mu.Lock()
		close(s.values)
		s.mu.Unlock()
		s.resource.Release()
	})
}
