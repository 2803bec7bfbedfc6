package heldoutblostsend

import (
	"errors"
	"net"
)

// The shape of moby's portallocator/osallocator_linux_test.go: two
// goroutines report errors and close their channels; the function returns
// only once it has seen both closed, through two flags set from the
// receives' ok.

func dialAndRead(addr string) error {
	dialCh, readCh := make(chan error), make(chan error)
	go func() {
		defer close(dialCh)
		c, err := net.Dial("tcp", addr)
		if err != nil {
			dialCh <- err
			return
		}
		c.Close()
	}()
	go func() {
		defer close(readCh)
		if addr == "" {
			readCh <- errors.New("no address")
		}
	}()
	var dialStopped, readStopped bool
	var first error
	for {
		if dialStopped && readStopped {
			return first
		}
		select {
		case err, ok := <-dialCh:
			dialStopped = !ok
			if err != nil && first == nil {
				first = err
			}
		case err, ok := <-readCh:
			readStopped = !ok
			if err != nil && first == nil {
				first = err
			}
		}
	}
}

// Returning from the readCh case leaves dialCh's send pending, and the
// return the flag guards knows only dialCh closed, not readCh.
func dialOnly(addr string) error {
	dialCh, readCh := make(chan error), make(chan error)
	go func() {
		defer close(dialCh)
		if addr == "" {
			dialCh <- errors.New("no address") // want `send may block forever`
		}
	}()
	go func() {
		defer close(readCh)
		if addr == "-" {
			readCh <- errors.New("dash") // want `send may block forever`
		}
	}()
	var dialStopped bool
	for {
		if dialStopped {
			return nil
		}
		select {
		case _, ok := <-dialCh:
			dialStopped = !ok
		case <-readCh:
			return errors.New("read")
		}
	}
}
