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
