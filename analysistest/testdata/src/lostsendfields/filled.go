package lostsendfields

import "errors"

func mayFail(n int) error {
	if n > 3 {
		return errors.New("too big")
	}
	return nil
}

// The error is sent before anyone can hold the channel.
func waitErr(n int) <-chan error {
	errc := make(chan error)
	if err := mayFail(n); err != nil {
		errc <- err // want `send on errc blocks forever, leaking the goroutine: it is unbuffered and no other goroutine can hold it yet`
		return errc
	}
	return errc
}

// A buffer of one takes the error: ok.
func waitErrFixed(n int) <-chan error {
	errc := make(chan error, 1)
	if err := mayFail(n); err != nil {
		errc <- err // ok: the buffer holds it
	}
	return errc
}

// Two values into a buffer of one, before anyone else can see it.
func twoResults() chan int {
	res := make(chan int, 1)
	res <- 1
	res <- 2 // want `send on res blocks forever, leaking the goroutine: this path has already filled its buffer of 1 and no other goroutine can hold it yet`
	return res
}

// A receive in between makes room: ok.
func drainBetween() int {
	res := make(chan int, 1)
	res <- 1
	v := <-res
	res <- v + 1 // ok: the receive made room
	return <-res
}

// The receiver is started first: ok.
func handedFirst() {
	ch := make(chan int)
	go func() { <-ch }()
	ch <- 1 // ok: the goroutine receives
}

// A semaphore filled by a loop as many times as it has room: ok.
func semaphore(work []func()) {
	const slots = 4
	sem := make(chan struct{}, slots)
	for range slots {
		sem <- struct{}{} // ok: the loop runs as many times as there is room
	}
	for _, w := range work {
		<-sem
		go func() {
			defer func() { sem <- struct{}{} }()
			w()
		}()
	}
}
