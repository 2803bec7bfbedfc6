// Package undrainedchanprod defines producers whose facts the undrainedchan
// package imports.
package undrainedchanprod

import (
	"context"

	"github.com/leaklint/leaklint/stream"
)

// Numbers sends n values, giving up when ctx is done.
func Numbers(ctx context.Context, n int) <-chan int { // want Numbers:`producer\(result 0, ctx param 0 releases\)`
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range n {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// Stubborn sends without watching its context: cancelling does not help.
func Stubborn(ctx context.Context) <-chan int { // want Stubborn:`producer\(result 0, ctx param 0\)`
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; ; i++ {
			ch <- i
		}
	}()
	return ch
}

// One sends a single value.
func One() (<-chan error, error) { // want One:`producer\(result 0, sends once\)`
	ch := make(chan error)
	go func() { ch <- nil }()
	return ch, nil
}

// Wrapped returns another producer's channel.
func Wrapped(ctx context.Context, v any) (<-chan stream.Chunk, error) { // want Wrapped:`producer\(result 0, ctx param 0 releases\)`
	return stream.StreamJSON(ctx, v, 64)
}

// Marked is declared a producer by its directive.
//
//leaklint:producer
func Marked(ctx context.Context) <-chan string { // want Marked:`producer\(result 0, ctx param 0 releases\)`
	return nil
}

// Drain receives until ch is closed.
func Drain[T any](ch <-chan T) { // want Drain:`drains\(0\)`
	for range ch {
	}
}

// First takes one value only.
func First(ch <-chan int) int { // want First:`receives\(0\)`
	return <-ch
}

// Buffered makes a channel nobody sends on in a goroutine: not a producer.
func Buffered() <-chan int {
	ch := make(chan int, 1)
	ch <- 1
	return ch
}
