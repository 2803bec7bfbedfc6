package leaky

import (
	"context"
	"time"
)

// Detached is Deadline with the finding silenced in every driver.
func Detached(parent context.Context) context.Context {
	//leaklint:ignore missingcancel the deadline is the only way this context ends
	ctx, _ := context.WithTimeout(parent, time.Minute) // L:ignored
	return ctx
}
