package hidden

import (
	"context"
	"testing"
	"time"
)

// The no-op default replaced when a timeout is set.
func _(d time.Duration) error {
	ctx := bg
	cancel := func() {}
	if d > 0 {
		ctx, cancel = context.WithTimeout(ctx, d) // ok
	}
	defer cancel()
	return work(ctx)
}

// time.AfterFunc keeps the function to call it later.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	time.AfterFunc(time.Second, cancel)
	use(ctx)
}

// A local struct whose field is called.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	h := handle{Ctx: ctx, Cancel: cancel}
	defer h.Cancel()
	use(h.Ctx)
}

// A local struct that is dropped.
func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	h := handle{Ctx: ctx, Cancel: cancel}
	use(h.Ctx)
}

// t.Fatal does not return.
func _(t *testing.T) {
	ctx, cancel := context.WithTimeout(bg, time.Second) // ok
	if err := work(ctx); err != nil {
		t.Fatalf("work: %v", err)
	}
	cancel()
}

// Overwritten before it is called.
func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	use(ctx)
	ctx, cancel = context.WithCancel(bg) // ok
	defer cancel()
	use(ctx)
}

// A leak inside a goroutine's function.
func _() {
	go func() {
		ctx, cancel := context.WithTimeout(bg, time.Second) // want `not called on the path through the return`
		if work(ctx) != nil {
			return
		}
		cancel()
	}()
}

// Cancelled in a loop that ends with a labelled break.
func _(in <-chan int) {
	ctx, cancel := context.WithCancel(bg) // ok
loop:
	for {
		select {
		case v, ok := <-in:
			if !ok {
				break loop
			}
			_ = v
		case <-ctx.Done():
			break loop
		}
	}
	cancel()
}

// A deferred closure that cancels on every path but one that returns
// early inside it.
func _(fail bool) {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	defer func() {
		if fail {
			return
		}
		cancel()
	}()
	use(ctx)
}

// Kept in a field read through a method value.
type svc struct{ stop context.CancelFunc }

func (s *svc) run() {
	var ctx context.Context
	ctx, s.stop = context.WithCancel(bg) // ok: Shutdown calls it
	use(ctx)
}

func (s *svc) Shutdown() {
	f := s.stop
	f()
}

// Deferred with the cancel as the argument of a literal.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	defer func(c context.CancelFunc) { c() }(cancel)
	use(ctx)
}

// Created in an if statement's init and cancelled on one branch only.
func _() {
	if ctx, cancel := context.WithCancel(bg); cond { // want `not called on the path through the return`
		defer cancel()
		use(ctx)
	}
}

// A closure returned that keeps the context but not the cancel.
func _() func() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	_ = cancel
	return func() { use(ctx) }
}

// A recursive closure that cancels at the bottom.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	var down func(n int)
	down = func(n int) {
		if n == 0 {
			cancel()
			return
		}
		down(n - 1)
	}
	down(3)
	use(ctx)
}

// Cancelled in a loop of selects, but one case returns.
func _(in <-chan int, quit <-chan struct{}) {
	for {
		ctx, cancel := context.WithTimeout(bg, time.Second) // want `not called on the path through the return`
		select {
		case <-in:
			cancel()
			continue
		case <-quit:
			return
		}
		use(ctx)
	}
}

// A deferred closure reads the variable when it runs: each iteration's
// assignment loses the previous cancel function.
func _(n int) {
	var cancel context.CancelFunc
	defer func() {
		if cancel != nil {
			cancel()
		}
	}()
	for range n {
		var ctx context.Context
		ctx, cancel = context.WithTimeout(bg, time.Second) // want `in a loop is not called before the next iteration`
		use(ctx)
	}
}

// ... and a second assignment loses the first.
func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	defer func() { cancel() }()
	ctx, cancel = context.WithTimeout(ctx, time.Second) // ok: the deferred closure calls this one
	use(ctx)
}

// Each one called before the next is made.
func _(n int) {
	var cancel context.CancelFunc = func() {}
	defer func() { cancel() }()
	for range n {
		cancel()
		var ctx context.Context
		ctx, cancel = context.WithTimeout(bg, time.Second) // ok
		use(ctx)
	}
}
