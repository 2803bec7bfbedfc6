package stream

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
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
// before any goroutine starts, which is why v is encoded in full first.
// From then on the document is held once: every chunk is a slice of the one
// encoding, capped so that appending to it copies, and the consumer may
// keep it. (While v is encoded, encoding/json's own scratch buffer exists
// besides it; see docs/bench/stream.md for the measured peak.)
//
// The consumer must receive until the channel is closed, or cancel ctx: a
// consumer that does neither leaves the producer blocked forever. A stream
// cut short by ctx just ends; check ctx.Err() to tell it from a complete one.
func StreamJSON(ctx context.Context, v any, chunkSize int) (<-chan Chunk, error) {
	if err := checkArgs(ctx, chunkSize); err != nil {
		return nil, err
	}
	doc, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("stream: encoding value as JSON: %w", err)
	}
	ch := make(chan Chunk)
	go produce(ctx, callerOrigin(1), func() {
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
	go produce(ctx, callerOrigin(1), func() {
		defer close(ch)
		for ctx.Err() == nil {
			data, err := readChunk(r, chunkSize)
			if len(data) > 0 && !send(ctx, ch, Chunk{Data: data}) {
				return
			}
			if err != nil {
				if !errors.Is(err, io.EOF) {
					send(ctx, ch, Chunk{Err: err})
				}
				return
			}
		}
	})
	return ch, nil
}

// readChunkStart is the most StreamReader allocates for a chunk before it
// has seen the data: a huge chunkSize over a small reader must not cost a
// huge buffer. Larger chunks grow as the data arrives.
const readChunkStart = 64 << 10

// maxEmptyReads is how many (0, nil) reads in a row readChunk tolerates
// before it reports io.ErrNoProgress, as bufio does, instead of spinning.
const maxEmptyReads = 100

// readChunk reads until it has size bytes or r fails. It returns io.EOF
// with the last, possibly empty, piece of data.
func readChunk(r io.Reader, size int) ([]byte, error) {
	buf := make([]byte, 0, min(size, readChunkStart))
	empty := 0
	for len(buf) < size {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
			buf = buf[:len(buf):min(cap(buf), size)]
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		if n < 0 || n > cap(buf)-len(buf) {
			return buf, fmt.Errorf("stream: reader returned an invalid count %d", n)
		}
		buf = buf[:len(buf)+n]
		if err != nil {
			return buf, err
		}
		if n == 0 {
			if empty++; empty >= maxEmptyReads {
				return buf, io.ErrNoProgress
			}
		} else {
			empty = 0
		}
	}
	return buf, nil
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

// produce runs body labelled with the user's call site, so that a leaked
// producer is reported where it was created.
func produce(ctx context.Context, o origin, body func()) {
	labelWithOrigin(ctx, o)
	body()
}
