// Package undrainedchanwrapprod wraps another package's producer and
// starts no goroutine of its own: only the call tells it is a producer.
package undrainedchanwrapprod

import (
	"context"

	"undrainedchanprod"
)

// Evens hands out the channel of undrainedchanprod.Numbers.
func Evens(ctx context.Context) <-chan int { // want Evens:`producer\(result 0, ctx param 0 releases\)`
	return undrainedchanprod.Numbers(ctx, 10)
}
