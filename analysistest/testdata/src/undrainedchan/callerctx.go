package undrainedchan

import "context"

// A context parameter of an unexported function whose every caller in the
// package passes a context it cancels once the call is over (moby's
// controller.checkHealth and Wait): the producer is released then.

func watchEvents(ctx context.Context) <-chan int { // want watchEvents:`producer\(result 0, ctx param 0 releases\)`
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

type healthChecker struct{}

func (h *healthChecker) firstEvent(ctx context.Context) int {
	events := watchEvents(ctx) // ok: every caller cancels ctx after the call
	return <-events
}

func (h *healthChecker) Wait(parent context.Context) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	return h.firstEvent(ctx)
}

func (h *healthChecker) WaitAgain(parent context.Context) int {
	ctx, cancel := context.WithCancel(parent)
	n := h.firstEvent(ctx)
	cancel()
	return n
}

type looseChecker struct{}

func (h *looseChecker) firstEvent(ctx context.Context) int {
	events := watchEvents(ctx) // want `events from undrainedchan.watchEvents is received only once`
	return <-events
}

func (h *looseChecker) Wait(parent context.Context) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	return h.firstEvent(ctx)
}

// One caller passes its own parent, which it cannot cancel.
func (h *looseChecker) Peek(parent context.Context) int {
	return h.firstEvent(parent)
}

// Exported: any caller, with any context.
func FirstEvent(ctx context.Context) int {
	events := watchEvents(ctx) // want `events from undrainedchan.watchEvents is received only once`
	return <-events
}

type testedChecker struct{}

func (h *testedChecker) firstEvent(ctx context.Context) int {
	events := watchEvents(ctx) // ok: the callers cancel ctx, or the testing package does
	return <-events
}

func (h *testedChecker) Wait(parent context.Context) int {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	return h.firstEvent(ctx)
}
