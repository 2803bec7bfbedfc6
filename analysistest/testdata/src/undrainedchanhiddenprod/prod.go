// Package undrainedchanhiddenprod defines producers of the shapes services
// write: generic, methods, helpers that send for the goroutine.
package undrainedchanhiddenprod

import "context"

// Gen sends n values, giving up when ctx is done.
func Gen(ctx context.Context, n int) <-chan int { // want Gen:`producer\(result 0, ctx param 0 releases\)`
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

// Tail sends lines forever and never looks at ctx.
func Tail(ctx context.Context) <-chan string { // want Tail:`producer\(result 0, ctx param 0\)`
	ch := make(chan string)
	go func() {
		for {
			ch <- "line"
		}
	}()
	return ch
}

// Stream sends each element of xs.
func Stream[T any](ctx context.Context, xs []T) <-chan T { // want Stream:`producer\(result 0, ctx param 0 releases\)`
	ch := make(chan T)
	go func() {
		defer close(ch)
		for _, x := range xs {
			select {
			case ch <- x:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// Event is what a Source emits.
type Event struct{ Name string }

// Source emits events.
type Source struct{ names []string }

// Events streams the source's events until ctx is done.
func (s *Source) Events(ctx context.Context) <-chan Event { // want Events:`producer\(result 0, ctx param 0 releases\)`
	ch := make(chan Event)
	go func() {
		defer close(ch)
		for _, n := range s.names {
			select {
			case ch <- Event{n}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

// Pump sends n values on ch, giving up when ctx is done.
func Pump(ctx context.Context, ch chan<- int, n int) {
	defer close(ch)
	for i := range n {
		select {
		case ch <- i:
		case <-ctx.Done():
			return
		}
	}
}

// Via starts Pump directly as the goroutine.
func Via(ctx context.Context, n int) <-chan int { // want Via:`producer\(result 0, ctx param 0 releases\)`
	ch := make(chan int)
	go Pump(ctx, ch, n)
	return ch
}

// Collect receives every value of ch.
func Collect(ch <-chan int) []int { // want Collect:`drains\(0\)`
	var out []int
	for v := range ch {
		out = append(out, v)
	}
	return out
}
