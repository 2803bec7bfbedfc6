package b

import (
	"context"

	"example.com/vetmod/a"
	"github.com/leaklint/leaklint/stream"
)

func Lease(ctx context.Context) context.Context {
	ctx, cancel := a.WithLease(ctx)
	_ = cancel
	return ctx
}

func Session() {
	s := a.Start()
	_ = s
}

func Stream(ctx context.Context) error {
	sc := stream.NewStreamingContext(ctx)
	return sc.Send(1)
}

func Fine(ctx context.Context) {
	ctx, cancel := a.WithLease(ctx)
	defer cancel()
	sc := stream.NewStreamingContext(ctx)
	defer sc.Close()
	a.Start().End()
}
