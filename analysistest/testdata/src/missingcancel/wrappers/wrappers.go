package wrappers // want package:"provides resources"

import (
	"context"

	"missingcancel/lib"
)

func _(ctx context.Context) {
	ctx, cancel := lib.WithTimeout(ctx) // want `the cancel function returned by lib.WithTimeout is not called on the path through the return at line 12`
	_, _ = ctx, cancel
}

func _(ctx context.Context) {
	ctx, cancel := lib.WithTimeout(ctx) // ok
	defer cancel()
	_ = ctx
}

func _(ctx context.Context) {
	cancel, _ := lib.Nested(ctx) // want `returned by lib.Nested is not called`
	lib.Ignore(cancel)
}

func _(ctx context.Context) {
	_, cleanup := lib.WithCleanup(ctx) // ok
	defer cleanup()
}

func _(ctx context.Context) {
	_, cleanup := lib.WithCleanup(ctx) // want `returned by lib.WithCleanup is not called`
	_ = cleanup
}

func _(ctx context.Context) {
	_, cancel := context.WithCancel(ctx) // ok: passed to a function that calls it
	lib.Call(cancel)
}

func _(ctx context.Context) {
	_, cancel := context.WithCancel(ctx) // ok: kept for later
	lib.Keep(cancel)
}

func _(ctx context.Context) {
	_, cancel := context.WithCancel(ctx) // ok: called in a goroutine
	lib.Later(cancel)
}

func _(ctx context.Context) context.Context {
	return lib.Scoped(ctx) // ok: not a wrapper
}

// local wrapper, learnt within the package
func open(ctx context.Context) (context.Context, func()) { // want open:"returns resource in result 1"
	return context.WithCancel(ctx)
}

func _(ctx context.Context) {
	_, stop := open(ctx) // want `returned by wrappers.open is not called`
	_ = stop
}
