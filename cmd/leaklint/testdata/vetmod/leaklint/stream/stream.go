// Package stream is a stand-in for github.com/leaklint/leaklint/stream with
// the same API, so that analysistest packages can import it.
package stream

import (
	"context"
	"errors"
	"io"
)

var ErrClosed = errors.New("closed")

type StreamingContext struct{ ch chan any }

func NewStreamingContext(ctx context.Context) *StreamingContext { return &StreamingContext{} }
func (s *StreamingContext) Context() context.Context            { return nil }
func (s *StreamingContext) Send(v any) error                    { return nil }
func (s *StreamingContext) Channel() <-chan any                 { return s.ch }
func (s *StreamingContext) Done() <-chan struct{}               { return nil }
func (s *StreamingContext) Err() error                          { return nil }
func (s *StreamingContext) Close() error                        { return nil }

type Chunk struct {
	Data []byte
	Err  error
}

func StreamJSON(ctx context.Context, v any, chunkSize int) (<-chan Chunk, error) { return nil, nil }
func StreamReader(ctx context.Context, r io.Reader, chunkSize int) (<-chan Chunk, error) {
	return nil, nil
}

type StreamingResultBuilder struct{}

func NewStreamingResultBuilder(ctx context.Context) *StreamingResultBuilder { return nil }
func (b *StreamingResultBuilder) Context() context.Context                  { return nil }
func (b *StreamingResultBuilder) Add(c Chunk) error                         { return nil }
func (b *StreamingResultBuilder) Consume(ch <-chan Chunk) error             { return nil }
func (b *StreamingResultBuilder) Result() ([]byte, error)                   { return nil, nil }
func (b *StreamingResultBuilder) Close() error                              { return nil }
