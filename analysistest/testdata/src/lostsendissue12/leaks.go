package lostsendissue12

import (
	"io"
	"sync"
	"testing"
	"time"
)

// The real leaks of issue 12 stay reported.

// Ten goroutines each send once; the first answer is all that is taken.
func _() {
	endCh := make(chan bool)
	for i := 0; i < 10; i++ {
		go func() {
			endCh <- true // want `goroutines started in a loop send on endCh, but this function can return after receiving once and it is unbuffered`
		}()
	}
	<-endCh
}

// A missing return after the error send: the goroutine sends twice, the
// function receives once.
func open(string) (io.ReadCloser, error) { return nil, nil }

func _() {
	gotc := make(chan []byte)
	go func() {
		f, err := open("x")
		if err != nil {
			gotc <- nil // want `goroutines send up to 2 values on gotc, but this function can return after receiving once and it is unbuffered`
		}
		b, _ := io.ReadAll(f)
		gotc <- b
	}()
	<-gotc
}

// An error path returns before the unbuffered error channel is read.
func create() (io.ReadCloser, error) { return nil, nil }

func _() {
	errorStream, err := create()
	if err != nil {
		return
	}
	errorChan := make(chan error)
	go func() {
		_, err := io.ReadAll(errorStream)
		errorChan <- err // want `the goroutine sends on errorChan once, but this function can return without receiving from it and it is unbuffered`
	}()
	dataStream, err := create()
	if err != nil {
		return
	}
	defer dataStream.Close()
	if err := <-errorChan; err != nil {
		return
	}
}

// A timeout that only logs: the test goes on and the sender stays.
func _(t *testing.T) {
	c := make(chan error)
	go func() {
		_, err := poll()
		c <- err // want `the goroutine sends on c once, but this function can return without receiving from it and it is unbuffered`
	}()
	select {
	case err := <-c:
		if err != nil {
			t.Error(err)
		}
	case <-time.After(time.Second):
		t.Error("timeout")
	}
}

// Never received at all.
func _(t *testing.T) {
	done := make(chan error)
	go func() {
		_, err := poll()
		done <- err // want `the goroutine sends on done once, but this function can return without receiving from it`
	}()
	if _, err := poll(); err != nil {
		t.Fatal(err)
	}
}

// More senders than the shared bound's receives: two per round.
func _(n int) {
	ch := make(chan int)
	for i := 0; i < n; i++ {
		go func() { ch <- 1; ch <- 2 }() // want `goroutines started in a loop send on ch, but this function can return after receiving n values`
	}
	for i := 0; i < n; i++ {
		<-ch
	}
}

// A reader that reports its failure on a channel the function reads only
// if the other case does not win: on the timeout path nobody receives.
func _(t *testing.T, stop <-chan struct{}) {
	errCh := make(chan error)
	go func() {
		for {
			if _, err := readMessage(); err != nil {
				errCh <- err // want `the goroutine sends on errCh once, but this function can return without receiving from it and it is unbuffered`
				return
			}
		}
	}()
	select {
	case err := <-errCh:
		t.Error(err)
	case <-stop:
		t.Error("stopped")
	}
}

// A join without room: four goroutines may each send an error, the buffer
// holds two, and the function waits for all four before reading any.
func _() {
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(); err != nil {
				errs <- err // want `goroutines started in a loop send on errs, but this function waits for them without receiving from it and its buffer holds 2: neither side can go on`
			}
		}()
	}
	wg.Wait()
}
