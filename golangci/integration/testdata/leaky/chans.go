package leaky

import "context"

// Compute gives up on ctx and leaves the sender blocked.
func Compute(ctx context.Context, f func() int) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- f() // L:lostsend
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// Count sends n values on the channel it returns.
func Count(n int) <-chan int {
	ch := make(chan int)
	go func() {
		for i := range n {
			ch <- i
		}
		close(ch)
	}()
	return ch
}

// First takes one value of n and leaves Count's goroutine blocked.
func First(n int) int {
	ch := Count(n) // L:undrained
	return <-ch
}
