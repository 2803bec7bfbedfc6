// Package lostsend holds shapes seen on the held-out-a corpora (nats.go),
// each written small.
package lostsend

import (
	"errors"
	"testing"
	"time"
)

func next(fail bool) (int, error) {
	if fail {
		return 0, errors.New("closed")
	}
	return 1, nil
}

// nats.go's consumer test: each goroutine sends one value, its error on
// errC or its result on done, and the test takes one value per goroutine
// on every path that does not stop it.
func TestAlternatives(t *testing.T) {
	done := make(chan struct{})
	errC := make(chan error)
	go func() {
		if _, err := next(true); err != nil {
			errC <- err // ok
			return
		}
		done <- struct{}{} // ok
	}()
	select {
	case <-done:
		t.Fatalf("expected no message")
	case err := <-errC:
		if err == nil {
			t.Fatalf("expected an error")
		}
	case <-time.After(time.Second):
		t.Fatalf("timeout")
	}

	go func() {
		if _, err := next(false); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errC:
		t.Fatalf("unexpected error: %v", err)
	case <-time.After(time.Second):
		t.Fatalf("timeout")
	}
}

// The second goroutine's value is never taken: still reported.
func TestAlternativesOneShort(t *testing.T) {
	done := make(chan struct{})
	errC := make(chan error)
	go func() {
		if _, err := next(true); err != nil {
			errC <- err
			return
		}
		done <- struct{}{} // want `send may block forever`
	}()
	go func() {
		if _, err := next(false); err != nil {
			errC <- err
			return
		}
		done <- struct{}{}
	}()
	select {
	case <-done:
	case err := <-errC:
		t.Fatalf("unexpected error: %v", err)
	}
}
