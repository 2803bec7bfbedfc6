package service

import (
	"context"

	"github.com/leaklint/leaklint/stream"
)

// FirstChunk returns the first 16 bytes of v's JSON encoding.
//
// LEAK (undrainedchan): it receives one chunk and walks away without
// cancelling, so the producer blocks for ever on the second send.
func FirstChunk(ctx context.Context, v any) ([]byte, error) {
	ch, err := stream.StreamJSON(ctx, v, 16)
	if err != nil {
		return nil, err
	}
	c := <-ch
	return c.Data, c.Err
}

// FirstChunkFixed cancels the producer's context when it stops reading.
func FirstChunkFixed(ctx context.Context, v any) ([]byte, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch, err := stream.StreamJSON(ctx, v, 16)
	if err != nil {
		return nil, err
	}
	c := <-ch
	return c.Data, c.Err
}
