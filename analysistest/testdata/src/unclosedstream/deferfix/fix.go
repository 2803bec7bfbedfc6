package deferfix // want package:"provides resources"

import (
	"context"
	"errors"

	"github.com/leaklint/leaklint/stream"
)

func open(ctx context.Context) (*stream.StreamingContext, error) { // want open:"returns resource in result 0"
	if ctx == nil {
		return nil, errors.New("nil context")
	}
	return stream.NewStreamingContext(ctx), nil
}

func plain(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	sc.Send(1)
}

func afterErrorCheck(ctx context.Context) error {
	sc, err := open(ctx) // want `not closed`
	if err != nil {
		return err
	}
	return sc.Send(1)
}

// No fix without an error check right after: where would it go?
func noCheck(ctx context.Context) error {
	sc, err := open(ctx) // want `not closed`
	sc.Send(1)
	return err
}

// No fix when it is closed on some path: a defer would close it twice.
func sometimes(ctx context.Context, c bool) {
	sc := stream.NewStreamingContext(ctx) // want `not closed`
	if c {
		sc.Close()
	}
}
