package stream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime/pprof"
)

// Chunk is one piece of a stream produced by StreamJSON or StreamReader.
// A chunk carries either data or, as the last value of a stream that failed,
// the error that ended it.
type Chunk struct {
	Data []byte
	Err  error
}

// ErrChunkSize is returned, wrapped, for a chunk size below 1.
var ErrChunkSize = errors.New("stream: chunk size must be at least 1")

// StreamJSON encodes v as JSON and streams the encoding in chunks of at most
// chunkSize bytes from a producer goroutine. The channel is closed when the
// encoding has been sent or ctx is done.
//
// An unencodable value and a chunkSize below 1 are reported as an error
// before any goroutine starts. The document is held once: every chunk is a
// slice of the one encoding, capped so that appending to it copies.
//
// The consumer must receive until the channel is closed, or cancel ctx: a
// consumer that does neither leaves the producer blocked forever.
func StreamJSON(ctx context.Context, v any, chunkSize int) (<-chan Chunk, error) {
	if err := checkArgs(ctx, chunkSize); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("stream: encoding value as JSON: %w", err)
	}
	ch := make(chan Chunk)
	origin := callerOrigin(2)
	go produce(ctx, origin, func() {
		defer close(ch)
		for len(doc) > 0 {
			n := min(chunkSize, len(doc))
			if !send(ctx, ch, Chunk{Data: doc[:n:n]}) {
				return
			}
			doc = doc[n:]
		}
	})
	return ch, nil
}

// StreamReader streams what r yields in chunks of at most chunkSize bytes
// from a producer goroutine. A read error other than io.EOF is sent as the
// last chunk's Err. The channel is closed when r is exhausted, fails, or ctx
// is done. Each chunk's Data is the consumer's to keep.
//
// Like StreamJSON, the consumer must drain the channel or cancel ctx. A read
// that blocks in r is not interrupted by ctx: use a reader that honours its
// own deadline when that matters.
func StreamReader(ctx context.Context, r io.Reader, chunkSize int) (<-chan Chunk, error) {
	if err := checkArgs(ctx, chunkSize); err != nil {
		return nil, err
	}
	if r == nil {
		return nil, errors.New("stream: StreamReader called with a nil reader")
	}
	ch := make(chan Chunk)
	origin := callerOrigin(2)
	go produce(ctx, origin, func() {
		defer close(ch)
		for ctx.Err() == nil {
			buf := make([]byte, chunkSize)
			n, err := io.ReadFull(r, buf)
			if n > 0 && !send(ctx, ch, Chunk{Data: buf[:n:n]}) {
				return
			}
			switch {
			case err == nil:
			case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
				return
			default:
				send(ctx, ch, Chunk{Err: err})
				return
			}
		}
	})
	return ch, nil
}

func checkArgs(ctx context.Context, chunkSize int) error {
	if ctx == nil {
		return errors.New("stream: nil context; pass context.Background() or a request context")
	}
	if chunkSize < 1 {
		return fmt.Errorf("%w, got %d", ErrChunkSize, chunkSize)
	}
	return nil
}

// send delivers c unless ctx is done first; it checks ctx before each send
// so that a cancelled producer stops even when the consumer is ready.
func send(ctx context.Context, ch chan<- Chunk, c Chunk) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case ch <- c:
		return true
	case <-ctx.Done():
		return false
	}
}

// produce runs body, labelled with the user's call site when it is known, so
// that a leaked producer is reported where it was created.
func produce(ctx context.Context, origin string, body func()) {
	if origin == "" {
		body()
		return
	}
	pprof.Do(ctx, pprof.Labels("leaklint.origin", origin), func(context.Context) { body() })
}
