package waitfor // want package:`provides resources`

// The helpers here tell their callers, through facts, when a context
// they were given is done.

import (
	"context"
	"errors"
	"time"
)

// Queue is a test channel with a receive that gives up with the context.
type Queue struct{ C chan int }

// Receive returns the context's error only once the context is done.
func (q *Queue) Receive(ctx context.Context) (int, error) { // want Receive:`result 1 set only once context param 1 is done`
	select {
	case v := <-q.C:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Expire returns only once ctx is done.
func Expire(ctx context.Context) { // want Expire:`waits for context param 0`
	<-ctx.Done()
}

// Check reports whether ctx ended, in its own words.
func Check(ctx context.Context) error { // want Check:`result 0 set only once context param 0 is done`
	if err := ctx.Err(); err != nil {
		return errors.New("gave up: " + err.Error())
	}
	return nil
}

// Poll may fail for reasons of its own: no fact.
func Poll(ctx context.Context) error {
	if time.Now().IsZero() {
		return errors.New("clock broken")
	}
	return ctx.Err()
}

// Deadline makes a context its caller must cancel.
func Deadline(d time.Duration) (context.Context, context.CancelFunc) { // want Deadline:`returns resource in result 1`
	return context.WithTimeout(context.Background(), d)
}
