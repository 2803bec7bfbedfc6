package undrainedchan

import (
	"context"
	"errors"
	"time"

	"github.com/leaklint/leaklint/stream"
)

// Received in a select case, but the timeout path returns without it: the
// message names that path, not "received only 0 times".
func _(ctx context.Context, v any, d time.Duration) ([]byte, error) {
	ch, err := stream.StreamJSON(ctx, v, 8) // want `ch from stream.StreamJSON is not received from on the path to the return at line 20 and its context cannot be cancelled by this function`
	if err != nil {
		return nil, err
	}
	select {
	case <-time.After(d):
		return nil, errors.New("timeout")
	case c := <-ch:
		return c.Data, c.Err
	}
}
