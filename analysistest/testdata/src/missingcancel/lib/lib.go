package lib // want package:"provides resources"

// lib declares cancel wrappers and cancel consumers that other test
// packages use across the package boundary, through facts.

import (
	"context"
	"time"
)

// WithTimeout returns a context and the cancel func of its timer.
func WithTimeout(ctx context.Context) (context.Context, context.CancelFunc) { // want WithTimeout:"returns resource in result 1"
	return context.WithTimeout(ctx, time.Second)
}

// Nested wraps a wrapper.
func Nested(ctx context.Context) (context.CancelFunc, context.Context) { // want Nested:"returns resource in result 0"
	ctx, cancel := WithTimeout(ctx)
	return cancel, ctx
}

// WithCleanup returns a closure that cancels.
func WithCleanup(ctx context.Context) (context.Context, func()) { // want WithCleanup:"returns resource in result 1"
	ctx, cancel := context.WithCancel(ctx)
	return ctx, func() { cancel() }
}

// Ignore takes a cancel func and forgets it.
func Ignore(cancel context.CancelFunc) {} // want Ignore:"ignores param 0"

// Call calls it.
func Call(cancel context.CancelFunc) { cancel() } // want Call:"releases param 0"

var kept []func()

// Keep stores it for later.
func Keep(cancel func()) { kept = append(kept, cancel) } // want Keep:"keeps param 0"

// Later calls it from a goroutine.
func Later(cancel func()) { // want Later:"releases param 0"
	go func() { cancel() }()
}

// Notably not a wrapper: it cancels before returning.
func Scoped(ctx context.Context) context.Context {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	return ctx
}
