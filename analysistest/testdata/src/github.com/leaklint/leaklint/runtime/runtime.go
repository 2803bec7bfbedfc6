// Package leak is a stand-in for github.com/leaklint/leaklint/runtime with
// the parts of its API that the passes know about.
package leak

import (
	"context"
	"io"

	"github.com/leaklint/leaklint/stream"
)

type StreamingResourceGuard struct{}

func NewStreamingResourceGuard(ctx context.Context) *StreamingResourceGuard { return nil }
func (g *StreamingResourceGuard) Context() context.Context                  { return nil }
func (g *StreamingResourceGuard) RegisterStream()                           {}
func (g *StreamingResourceGuard) CompleteStream() error                     { return nil }
func (g *StreamingResourceGuard) Cleanup() error                            { return nil }

type StreamingTestHelper struct{}

func (h *StreamingTestHelper) CreateStreamingContext(ctx context.Context) *stream.StreamingContext {
	return nil
}
func (h *StreamingTestHelper) StreamJSON(ctx context.Context, v any, chunkSize int) (<-chan stream.Chunk, error) {
	return nil, nil
}
func (h *StreamingTestHelper) StreamReader(ctx context.Context, r io.Reader, chunkSize int) (<-chan stream.Chunk, error) {
	return nil, nil
}
