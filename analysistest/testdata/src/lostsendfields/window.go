package lostsendfields

import "errors"

func load(i int) (int, error) {
	if i < 0 {
		return 0, errors.New("bad")
	}
	return i, nil
}

// A prefetch window is not a count of the sends.
func prefetch(items []int, window int) error {
	out := make(chan int, window)
	go func() {
		for _, it := range items {
			out <- it // want `send may block forever, leaking the goroutine: the goroutine sends on out in a loop, but this function can return after receiving once and its buffer of window need not hold every send`
		}
		close(out)
	}()
	for v := range out {
		if _, err := load(v); err != nil {
			return err
		}
	}
	return nil
}

// A buffer of len(items): room for every send.
func prefetchAll(items []int) error {
	out := make(chan int, len(items))
	go func() {
		for _, it := range items {
			out <- it // ok: the buffer holds every item
		}
		close(out)
	}()
	for v := range out {
		if _, err := load(v); err != nil {
			return err
		}
	}
	return nil
}

// A count the loop runs to: room for every goroutine's send.
func fanOut(n int) int {
	res := make(chan int, n)
	for i := 0; i < n; i++ {
		go func() { res <- i }() // ok: one send per slot
	}
	return <-res
}

// A count kept in a variable that a closure also reads: ok.
func countedInVar() error {
	n := 8
	errs := make(chan error, n)
	for i := 1; i <= n; i++ {
		go func() {
			if _, err := load(i - n); err != nil {
				errs <- err // ok: one send per goroutine, n slots
			}
		}()
	}
	return nil
}
