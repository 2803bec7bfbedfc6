package heldoutbundrainedchan

import (
	"context"
	"errors"
	"testing"
	"time"
)

// The shape of consul's agent/consul/state tests: a goroutine forwards a
// subscription's events and returns after forwarding the error that ends
// it; the test receives the events it provokes, and its deferred
// Unsubscribe makes Next fail, whose error fits the buffer.

type subscription struct{ closed chan struct{} }

func (s *subscription) Next(ctx context.Context) (int, error) {
	select {
	case <-s.closed:
		return 0, errors.New("unsubscribed")
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

func (s *subscription) Unsubscribe() { close(s.closed) }

func (s *subscription) ID() string { return "" }

type result struct {
	v   int
	err error
}

func runSub(sub *subscription) <-chan result { // want runSub:`producer\(result 0, ends with param 0\)`
	ch := make(chan result, 1)
	go func() {
		for {
			v, err := sub.Next(context.TODO())
			ch <- result{v, err}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

func expectEvent(t *testing.T, ch <-chan result) int { // want expectEvent:`receives\(1\)`
	select {
	case r := <-ch:
		return r.v
	case <-time.After(time.Second):
		t.Fatal("no event")
	}
	return 0
}

func TestUnsubscribed(t *testing.T) {
	sub := &subscription{closed: make(chan struct{})}
	defer sub.Unsubscribe()
	ch := runSub(sub)
	_ = expectEvent(t, ch)
}

// Without ending the subscription, a getter is not an end: reported.
func TestNeverUnsubscribed(t *testing.T) {
	sub := &subscription{closed: make(chan struct{})}
	ch := runSub(sub) // want `ch from heldoutbundrainedchan.runSub is received only once and cancelling a context does not release this producer`
	_ = sub.ID()
	_ = expectEvent(t, ch)
}

// Unbuffered, the error sent after Unsubscribe has no one to take it: not
// a source-ended producer.
func runSubUnbuffered(sub *subscription) <-chan result { // want runSubUnbuffered:`producer\(result 0\)`
	ch := make(chan result)
	go func() {
		for {
			v, err := sub.Next(context.TODO())
			ch <- result{v, err}
			if err != nil {
				return
			}
		}
	}()
	return ch
}

func TestUnbuffered(t *testing.T) {
	sub := &subscription{closed: make(chan struct{})}
	defer sub.Unsubscribe()
	ch := runSubUnbuffered(sub) // want `ch from heldoutbundrainedchan.runSubUnbuffered is received only once`
	_ = expectEvent(t, ch)
}
