package main

import (
	"context"
	"os"
	"os/signal"
)

// Returning from main.main ends the process.
func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // ok
	if len(os.Args) > 1 {
		stop()
	}
	_ = ctx
}

func notMain() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt) // want `the stop function returned by signal.NotifyContext is not called on the path through the return at line 24`
	_ = ctx
	if len(os.Args) > 1 {
		stop()
	}
}
