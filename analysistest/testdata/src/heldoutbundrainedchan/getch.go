// Package heldoutbundrainedchan holds the shapes reviewed on consul's
// agent/cache tests (held-out corpus b): a test helper starts one lookup
// in a goroutine that sends its one result, and a second helper receives
// it, failing the test when it does not come in time.
package heldoutbundrainedchan

import (
	"testing"
	"time"
)

type cache struct{ v int }

func (c *cache) get() (int, error) { return c.v, nil }

// getCh sends the lookup's one result, or closes the channel on error.
func getCh(c *cache) <-chan int { // want getCh:`producer\(result 0, sends once\)`
	ch := make(chan int)
	go func() {
		v, err := c.get()
		if err != nil {
			close(ch)
			return
		}
		ch <- v
	}()
	return ch
}

// expectResult receives once on every path that returns: the timeout
// stops the test.
func expectResult(t *testing.T, ch <-chan int, want int) { // want expectResult:`receives\(1\)`
	t.Helper()
	select {
	case got := <-ch:
		if got != want {
			t.Fatalf("got %d, want %d", got, want)
		}
	case <-time.After(50 * time.Millisecond):
		t.Fatalf("no result")
	}
}

// maybeResult receives only when asked to: not a receive on every path.
func maybeResult(ch <-chan int, wait bool) int {
	if wait {
		return <-ch
	}
	return 0
}

func TestHelperReceives(t *testing.T) {
	c := &cache{v: 1}
	ch1 := getCh(c)
	ch2 := getCh(c)
	expectResult(t, ch1, 1)
	expectResult(t, ch2, 1)
}

func TestHelperMayNotReceive(t *testing.T) {
	c := &cache{v: 1}
	ch := getCh(c) // want `ch from heldoutbundrainedchan.getCh is never received from`
	if maybeResult(ch, false) != 0 {
		t.Error("unexpected")
	}
}

func TestHelperSkipped(t *testing.T) {
	c := &cache{v: 1}
	ch := getCh(c) // want `ch from heldoutbundrainedchan.getCh is not received from on the path to the return`
	if c.v == 0 {
		return
	}
	expectResult(t, ch, 1)
}

// The shape of consul's TestCacheGet_fetchTimeout... (cache_test.go:1630):
// a loop takes the one value of each of two producers in any order and
// breaks once two flags, each set after a receive, hold.
func TestBothInAnyOrder(t *testing.T) {
	c := &cache{v: 1}
	ch1, ch2 := getCh(c), getCh(c)
	after := time.After(time.Second)
	var got1, got2 bool
	for {
		select {
		case <-ch1:
			got1 = true
		case <-ch2:
			got2 = true
		case <-after:
			t.Fatal("too slow")
		}
		if got1 && got2 {
			break
		}
	}
}

// One flag only: the loop may end with ch2 never received.
func TestOneFlag(t *testing.T) {
	c := &cache{v: 1}
	ch1 := getCh(c)
	ch2 := getCh(c) // want `the loop receiving from ch2 \(from heldoutbundrainedchan.getCh\) can end before it is closed`
	after := time.After(time.Second)
	var got1 bool
	for {
		select {
		case <-ch1:
			got1 = true
		case <-ch2:
		case <-after:
			t.Fatal("too slow")
		}
		if got1 {
			break
		}
	}
}
