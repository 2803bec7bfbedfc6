package discardfix

import (
	"context"
	"os"
	"os/signal"
)

func use(context.Context) {}

func simple(parent context.Context) {
	ctx, _ := context.WithCancel(parent) // want `is discarded`
	use(ctx)
}

func nameTaken(parent context.Context, cancel int) {
	ctx, _ := context.WithCancel(parent) // want `is discarded`
	use(ctx)
	_ = cancel
}

func notify(parent context.Context) {
	ctx, _ := signal.NotifyContext(parent, os.Interrupt) // want `the stop function returned by signal.NotifyContext is discarded`
	use(ctx)
}

// No fix in a loop: a defer there would pile up.
func loop(parent context.Context) {
	for range 3 {
		ctx, _ := context.WithCancel(parent) // want `is discarded`
		use(ctx)
	}
}

// No fix for =: there is no variable to name.
func assign(parent context.Context) {
	var ctx context.Context
	ctx, _ = context.WithCancel(parent) // want `is discarded`
	use(ctx)
}
