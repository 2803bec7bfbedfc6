package lostsendfields

import (
	"errors"
	"sync"
	"time"
)

func fetch() int { return 1 }

// The close after a timeout does not release the sender: its send panics.
func fetchWithTimeout(d time.Duration) (int, error) {
	c := make(chan int)
	defer close(c) // want `a late send on c panics after this close: the goroutine sends on it once, but this path closes it without receiving from it; closing does not release a sender`
	go func() { c <- fetch() }()
	select {
	case v := <-c:
		return v, nil
	case <-time.After(d):
		return 0, errors.New("timeout")
	}
}

// Closed only once the value is in: ok.
func fetchThenClose() int {
	c := make(chan int)
	go func() { c <- fetch() }()
	v := <-c
	close(c) // ok: the one send is received
	return v
}

// The senders are waited for first: ok.
func gather(n int) []int {
	c := make(chan int, n)
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c <- fetch()
		}()
	}
	wg.Wait()
	close(c) // ok: every sender is done
	var out []int
	for v := range c {
		out = append(out, v)
	}
	return out
}

// A done channel tells the close the sender finished: ok.
func signalled(xs []int) {
	c := make(chan int, len(xs))
	done := make(chan struct{})
	go func() {
		for _, x := range xs {
			c <- x
		}
		close(done)
	}()
	<-done
	close(c) // ok: the goroutine signalled it is done sending
}

// Receives in a loop that runs as many times as there are senders: ok.
func closeAfterLoop() {
	done := make(chan struct{}, 3)
	defer close(done) // ok: the loop takes every value first
	for range 3 {
		go func() { done <- struct{}{} }()
	}
	for i := 0; i < cap(done); i++ {
		<-done
	}
}

// The goroutine's last act is a send on another channel of this function:
// taking it means the sends are over: ok.
func twoChannels(work func() (string, error)) string {
	errc := make(chan error, 1)
	names := make(chan string, 1)
	defer close(errc) // ok: the name arrives only after every error send
	go func() {
		name, err := work()
		if err != nil {
			errc <- err
			return
		}
		names <- name
	}()
	select {
	case n := <-names:
		return n
	case err := <-errc:
		return err.Error()
	}
}
