package leaky

import (
	"context"
	"time"
)

// Deadline drops the cancel function: the timer lives until it fires.
func Deadline(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Minute) // L:cancel
	return ctx
}

// Suppressed is Deadline with the finding silenced for golangci-lint.
func Suppressed(parent context.Context) context.Context {
	ctx, _ := context.WithTimeout(parent, time.Minute) //nolint:leaklint // L:nolint
	return ctx
}

// Released is the fixed Deadline.
func Released(parent context.Context) error {
	ctx, cancel := context.WithTimeout(parent, time.Minute) // L:released
	defer cancel()
	<-ctx.Done()
	return ctx.Err()
}
