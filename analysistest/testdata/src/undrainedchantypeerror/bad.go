// Package undrainedchantypeerror does not type-check: undrainedchan must
// decline it.
package undrainedchantypeerror

import "context"

func gen(ctx context.Context) <-chan int {
	ch := make(chan int)
	go func() { ch <- missing }()
	return ch
}

func _(ctx context.Context) int {
	return <-gen(ctx, 1)
}
