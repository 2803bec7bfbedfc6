package missingcancel // want package:"provides resources"

// The real leaks of the held-out-a corpora (nats.go), each written small.

import (
	"context"
	"errors"
	"time"
)

type store struct{ timeout time.Duration }

// withDefault gives ctx a deadline when it has none (nats.go's
// wrapContextWithoutDeadline).
func (s *store) withDefault(ctx context.Context) (context.Context, context.CancelFunc) { // want withDefault:"returns resource in result 1"
	if _, ok := ctx.Deadline(); ok {
		return ctx, func() {}
	}
	return context.WithTimeout(ctx, s.timeout)
}

type result struct {
	ctx    context.Context
	cancel context.CancelFunc
}

// get hands the cancel on in its result, but its early error return
// drops it (nats.go's ObjectStore Get).
func (s *store) get(ctx context.Context, name string) (*result, error) {
	ctx, cancel := s.withDefault(ctx) // want `the cancel function returned by store.withDefault is not called on the path through the return at line 32`
	if name == "" {
		return nil, errors.New("no name")
	}
	return &result{ctx: ctx, cancel: cancel}, nil
}

func (r *result) Close() { r.cancel() }
