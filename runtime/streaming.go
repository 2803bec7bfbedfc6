package leak

import (
	"context"
	"io"
	"sync"

	"github.com/leaklint/leaklint/stream"
)

// StreamingTestHelper creates stream values for a test run by
// VerifyStreamingNoLeaks and releases all of them when the test's function
// returns: it closes every StreamingContext and cancels the context of
// every producer it started. What still runs after that is a leak of the
// code under test, not of the test's own setup.
type StreamingTestHelper struct {
	t        TestingT
	mu       sync.Mutex
	releases []func()
	// released is set when fn has returned: what the helper creates
	// then is never released.
	released bool
}

// VerifyStreamingNoLeaks runs fn with a StreamingTestHelper, releases
// everything the helper created, and then checks for leaks like
// VerifyNoLeaks: goroutines fn started that are still running, and stream
// resources created during fn (by the code under test) never closed.
func VerifyStreamingNoLeaks(t TestingT, fn func(*StreamingTestHelper), opts ...Option) {
	mustT(t, "VerifyStreamingNoLeaks")
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if fn == nil {
		t.Errorf("leak: VerifyStreamingNoLeaks called with a nil fn; pass a func(h *leak.StreamingTestHelper) that creates its streams through h")
		return
	}
	h := &StreamingTestHelper{t: t}
	VerifyNoLeaks(t, func() {
		defer h.releaseAll()
		fn(h)
	}, opts...)
}

// CreateStreamingContext returns a StreamingContext bound to a child of
// ctx; the helper closes it and cancels the child when the test's function
// returns. A nil ctx is reported and replaced by context.Background().
func (h *StreamingTestHelper) CreateStreamingContext(ctx context.Context) *stream.StreamingContext {
	if th, ok := h.helperT(ctx); ok {
		th.Helper()
	}
	ctx = h.checkContext(ctx, "CreateStreamingContext")
	ctx, cancel := context.WithCancel(ctx)
	s := stream.NewStreamingContext(ctx)
	h.onRelease(func() {
		s.Close()
		cancel()
	})
	return s
}

// StreamJSON is stream.StreamJSON with a context the helper cancels when
// the test's function returns, which stops the producer even if the test
// did not drain the channel.
func (h *StreamingTestHelper) StreamJSON(ctx context.Context, v any, chunkSize int) (<-chan stream.Chunk, error) {
	if th, ok := h.helperT(ctx); ok {
		th.Helper()
	}
	ctx = h.checkContext(ctx, "StreamJSON")
	ctx, cancel := context.WithCancel(ctx)
	h.onRelease(cancel)
	return stream.StreamJSON(ctx, v, chunkSize)
}

// StreamReader is stream.StreamReader with a context the helper cancels
// when the test's function returns. As with stream.StreamReader, a read
// blocked inside r is not interrupted by the cancellation.
func (h *StreamingTestHelper) StreamReader(ctx context.Context, r io.Reader, chunkSize int) (<-chan stream.Chunk, error) {
	if th, ok := h.helperT(ctx); ok {
		th.Helper()
	}
	ctx = h.checkContext(ctx, "StreamReader")
	ctx, cancel := context.WithCancel(ctx)
	h.onRelease(cancel)
	return stream.StreamReader(ctx, r, chunkSize)
}

func (h *StreamingTestHelper) checkContext(ctx context.Context, method string) context.Context {
	if h == nil || h.t == nil {
		panic("leak: StreamingTestHelper." + method + " called on a helper not made by VerifyStreamingNoLeaks; use leak.VerifyStreamingNoLeaks(t, func(h *leak.StreamingTestHelper) { ... })")
	}
	h.mu.Lock()
	released := h.released
	h.mu.Unlock()
	if released {
		if th, ok := h.t.(interface{ Helper() }); ok {
			th.Helper()
		}
		h.t.Errorf("leak: StreamingTestHelper.%s called after VerifyStreamingNoLeaks's function returned, so the helper will not release what it creates; use h only inside that function (not from a goroutine or a value that outlives it)", method)
	}
	if ctx == nil {
		if th, ok := h.t.(interface{ Helper() }); ok {
			th.Helper()
		}
		h.t.Errorf("leak: StreamingTestHelper.%s called with a nil context; pass t.Context() or context.Background()", method)
		return context.Background()
	}
	return ctx
}

// helperT returns t as a Helper when a nil ctx is about to be reported, so
// that the report points at the test's line.
func (h *StreamingTestHelper) helperT(ctx context.Context) (interface{ Helper() }, bool) {
	if ctx != nil || h == nil {
		return nil, false
	}
	th, ok := h.t.(interface{ Helper() })
	return th, ok
}

func (h *StreamingTestHelper) onRelease(release func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.releases = append(h.releases, release)
}

// releaseAll releases, newest first, what the helper created.
func (h *StreamingTestHelper) releaseAll() {
	h.mu.Lock()
	releases := h.releases
	h.releases = nil
	h.released = true
	h.mu.Unlock()
	for i := len(releases) - 1; i >= 0; i-- {
		releases[i]()
	}
}
