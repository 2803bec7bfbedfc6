package undrainedchan

import (
	"context"

	"github.com/leaklint/leaklint/stream"
)

// A watcher keeps the producer's channel in a field that nothing reads;
// the watcher stays here, so nobody else will read it either.
type watcher struct {
	events <-chan stream.Chunk
	n      int
}

func (w *watcher) run() { w.n++ }

func startWatcher(ctx context.Context, v any) error {
	ch, err := stream.StreamJSON(ctx, v, 8) // want `the channel from stream.StreamJSON is stored in watcher\.events, which nothing in this package receives from: the producer goroutine blocks forever`
	if err != nil {
		return err
	}
	w := &watcher{events: ch}
	go w.run()
	return nil
}

// Returned, the holder belongs to the caller: ok.
func newWatcher(ctx context.Context, v any) (*watcher, error) {
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: the caller owns the watcher
	if err != nil {
		return nil, err
	}
	return &watcher{events: ch}, nil
}

// A reader keeps it where its next method receives: ok.
type reader struct {
	chunks <-chan stream.Chunk
}

func startReader(ctx context.Context, v any) (*reader, error) {
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: next receives from the field
	if err != nil {
		return nil, err
	}
	return &reader{chunks: ch}, nil
}

func (r *reader) next() ([]byte, bool) {
	c, ok := <-r.chunks
	return c.Data, ok
}

func useReader(r *reader) { r.next() }

// Exported field: callers elsewhere may receive: ok.
type Feed struct {
	C <-chan stream.Chunk
}

func NewFeed(ctx context.Context, v any) (*Feed, error) {
	ch, err := stream.StreamJSON(ctx, v, 8) // ok: Feed.C is read outside
	if err != nil {
		return nil, err
	}
	return &Feed{C: ch}, nil
}

// A goroutine whose one result fits the buffer is no producer to drain.
func asyncErr(f func() error) chan error {
	ch := make(chan error, 1)
	go func() { ch <- f() }()
	return ch
}

func fireAndForget(f func() error) {
	asyncErr(f) // ok: the buffered send never blocks
}
