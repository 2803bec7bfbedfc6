package stream

import (
	"context"
	"errors"
	"runtime"
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
// closing it is a goroutine leak. The unclosedstream pass flags such code,
// the runtime detector reports the goroutine at the line that created the
// StreamingContext, and a StreamingContext that the garbage collector finds
// unreachable while still open is reported to the listeners of the runtime
// monitor.
type StreamingContext struct {
	// The goroutine and the cleanup reference only state, never the
	// handle, so that a handle dropped without Close becomes unreachable
	// and its cleanup can report it.
	state   *streamState
	cleanup runtime.Cleanup
}

type streamState struct {
	ctx     context.Context
	values  chan any
	closing chan struct{} // closed first by end, to release blocked senders
	done    chan struct{} // closed once values is closed and the watcher is gone

	// mu orders sends before the close of values: Send holds it for reading
	// while it may write to values, end holds it for writing.
	mu        sync.RWMutex
	closeOnce sync.Once
	err       error // why the stream ended; written once, before closing is closed

	origin   origin
	resource *track.Resource
}

// NewStreamingContext returns a stream bound to ctx. Close it when done, or
// cancel ctx: either one ends the stream and releases its goroutine.
//
// It panics if ctx is nil, as the context package's functions do.
func NewStreamingContext(ctx context.Context) *StreamingContext {
	return newStreamingContext(ctx, callerOrigin(1))
}

func newStreamingContext(ctx context.Context, o origin) *StreamingContext {
	if ctx == nil {
		panic("stream: NewStreamingContext called with a nil context; pass context.Background() or a request context")
	}
	st := &streamState{
		ctx:     ctx,
		values:  make(chan any, DefaultBuffer),
		closing: make(chan struct{}),
		done:    make(chan struct{}),
		origin:  o,
	}
	if track.Enabled() {
		st.resource = track.Created("StreamingContext", o.String())
	}
	go st.watch()
	s := &StreamingContext{state: st}
	s.cleanup = runtime.AddCleanup(s, reportCollectedStream, st)
	return s
}

// reportCollectedStream runs when a StreamingContext handle is unreachable.
// It reports only: the stream stays open and its goroutine stays blocked,
// so the leak remains visible to the goroutine detector exactly as
// documented instead of depending on when the collector runs.
func reportCollectedStream(st *streamState) {
	if st.Err() == nil {
		track.ReportCollected(track.Collected{Kind: "StreamingContext", Origin: st.origin.String()})
	}
}

// watch ends the stream when the context is done. It is the goroutine that
// leaks when a StreamingContext is neither closed nor cancelled.
func (st *streamState) watch() {
	labelWithOrigin(st.ctx, st.origin)
	select {
	case <-st.ctx.Done():
		st.end(st.ctx.Err())
	case <-st.closing:
	}
	close(st.done)
}

// st returns the stream's state. A StreamingContext not made by
// NewStreamingContext (a zero value, a nil pointer) has none: say how to
// make one rather than fail with a nil dereference.
func (s *StreamingContext) st() *streamState {
	if s == nil || s.state == nil {
		panic("stream: StreamingContext used without NewStreamingContext; create it with s := stream.NewStreamingContext(ctx) and release it with defer s.Close()")
	}
	return s.state
}

// Context returns the context the stream is bound to.
func (s *StreamingContext) Context() context.Context { return s.st().ctx }

// Send delivers v to the consumer. It waits while the buffer is full, but
// never forever: it returns the context's error once the context is done and
// ErrClosed once the stream is closed.
func (s *StreamingContext) Send(v any) error { return s.st().send(v) }

func (st *streamState) send(v any) error {
	st.mu.RLock()
	defer st.mu.RUnlock()
	// Checked first because a select with a free buffer slot and a closed
	// stream would pick either at random.
	select {
	case <-st.closing:
		return st.closedErr()
	default:
	}
	select {
	case st.values <- v:
		return nil
	case <-st.closing:
		return st.closedErr()
	case <-st.ctx.Done():
		return st.ctx.Err()
	}
}

func (st *streamState) closedErr() error {
	if err := st.ctx.Err(); err != nil {
		return err
	}
	return ErrClosed
}

// Channel returns the channel that consumers range over. It is closed when
// the stream ends; values sent before that are delivered first.
func (s *StreamingContext) Channel() <-chan any { return s.st().values }

// Done returns a channel that is closed once the stream has ended and its
// goroutine has exited.
func (s *StreamingContext) Done() <-chan struct{} { return s.st().done }

// Err returns nil while the stream is open, ErrClosed after Close, or the
// context's error if the context ended the stream.
func (s *StreamingContext) Err() error { return s.st().Err() }

func (st *streamState) Err() error {
	select {
	case <-st.closing:
		return st.err // written before closing was closed
	default:
		return nil
	}
}

// Close ends the stream and waits for its goroutine to exit. It is
// idempotent and always returns nil; the error result lets it satisfy
// io.Closer.
func (s *StreamingContext) Close() error {
	s.st().end(ErrClosed)
	<-s.st().done
	s.cleanup.Stop()
	return nil
}

// end closes the stream once: it releases blocked senders, waits for the
// senders in flight, then closes values.
func (st *streamState) end(reason error) {
	st.closeOnce.Do(func() {
		st.err = reason
		close(st.closing)
		st.mu.Lock()
		close(st.values)
		st.mu.Unlock()
		st.resource.Release()
	})
}
