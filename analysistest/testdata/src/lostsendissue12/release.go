package lostsendissue12

import (
	"context"
	"log"
	"os"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func poll() (int, error) { return 0, nil }

// Joins: once every sender is known to have finished, none is blocked.

func _() {
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			v, err := poll()
			if err != nil {
				return
			}
			ch <- v // ok: the function waits for this goroutine before it returns
		}
	}()
	wg.Wait()
}

func _(ctx context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	ch := make(chan int)
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ctx.Err() == nil {
			v, err := poll()
			if err != nil {
				return
			}
			ch <- v // ok: cancelled, then joined
		}
	}()
	cancel()
	wg.Wait()
}

func _(stop bool) int {
	ch := make(chan int)
	done := make(chan struct{})
	go func() {
		defer close(done)
		if v, err := poll(); err == nil && v > 0 {
			ch <- v // ok: done is closed only after the send
		}
	}()
	select {
	case v := <-ch:
		return v
	case <-done:
		return 0
	}
}

// Drains: a receive, then a range to the close; a break, then a range.

func _() {
	for {
		conns := make(chan int)
		go func() {
			defer close(conns)
			for {
				v, err := poll()
				if err != nil {
					return
				}
				conns <- v // ok: drained below until the close
			}
		}()
		first, ok := <-conns
		for extra := range conns {
			_ = extra
		}
		if ok && first > 0 {
			break
		}
	}
}

func _(xs []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // ok: the consumer drains what it did not want
		}
	}()
	n := 0
	for v := range out {
		if v < 0 {
			break
		}
		n++
	}
	for range out {
	}
	return n
}

// The other cases of the select stop the test or the program.

func _(t *testing.T) {
	ch := make(chan int)
	go func() {
		v, _ := poll()
		ch <- v // ok: the timeout ends the test
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.Fatal("timeout")
	}
}

func _(t *testing.T) {
	ch := make(chan int)
	go func() {
		v, _ := poll()
		ch <- v // ok: require stops the test through its TestingT
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
		require.FailNow(t, "timeout")
	}
}

func failNow(t require.TestingT) {
	select {
	case <-time.After(time.Second):
		t.FailNow()
	}
}

func _(t require.TestingT) {
	ch := make(chan int)
	go func() {
		v, _ := poll()
		ch <- v // ok: FailNow through TestingT stops the test
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
		t.FailNow()
	}
}

func _() {
	ch := make(chan int)
	go func() {
		v, _ := poll()
		ch <- v // ok: the other cases end the goroutine or the program
	}()
	select {
	case <-ch:
	case <-time.After(time.Second):
		runtime.Goexit()
	case <-time.After(2 * time.Second):
		log.Fatal("timeout")
	case <-time.After(3 * time.Second):
		os.Exit(1)
	case <-time.After(4 * time.Second):
		panic("timeout")
	}
}

// A function started directly joins the same way: its WaitGroup parameter
// is the caller's.
func stress(wg *sync.WaitGroup, errc chan error, rounds int) { // want stress:`sends\(1: many\)`
	defer wg.Done()
	for i := 0; i < rounds; i++ {
		if _, err := poll(); err != nil {
			errc <- err
		}
	}
	errc <- nil
}

func _() error {
	errc := make(chan error, 3)
	var wg sync.WaitGroup
	wg.Add(3)
	for i := 0; i < 3; i++ {
		go stress(&wg, errc, 33) // ok: waited for before any receive
	}
	wg.Wait()
	return <-errc
}

// Goroutines started over a slice that is built up (its length unknown to
// the pass), into a buffer sized for them.
func _(n int) {
	var keys []int
	for i := 0; i < n; i++ {
		keys = append(keys, i)
	}
	sink := make(chan int, 3)
	for _, k := range keys {
		go func() { sink <- k }() // ok: the buffer is the programmer's count
	}
}

// A channel of failures only: every value taken from it stops the test,
// so on a passing run nobody sends and on a failing one the test is over.
func decode() error { return nil }

func _(t *testing.T) {
	errc := make(chan error)
	done := make(chan struct{})
	go func() {
		if err := decode(); err != nil {
			errc <- err // ok: a value here ends the test
			return
		}
	}()
	go func() {
		if err := decode(); err != nil {
			errc <- err // ok: likewise
			return
		}
		close(done)
	}()
	select {
	case err := <-errc:
		t.Fatal(err)
	case <-done:
	}
}

// Five workers each report once; the function takes cap(done) values
// before its deferred close: no send comes after the close.
func setup(done chan struct{}, out *string) { // want setup:`sends\(0: 1\)`
	*out = "ready"
	done <- struct{}{}
}

func _() {
	done := make(chan struct{}, 5)
	defer close(done) // ok: every send was received before
	var a, b, c, d, e string
	go setup(done, &a)
	go setup(done, &b)
	go setup(done, &c)
	go setup(done, &d)
	go setup(done, &e)
	for i := 0; i < cap(done); i++ {
		<-done
	}
}
