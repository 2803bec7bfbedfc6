// Package lostsendissue12 holds the shapes of issue 12: counts that match
// symbolically, joins and drains that release the senders, select cases
// that stop the test, and the real leaks that must stay reported.
package lostsendissue12

import (
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func work() error { return nil }

// The three inputs.

func _(rounds, n int) {
	for r := 0; r < rounds; r++ {
		ch := make(chan int)
		for i := 0; i < n; i++ {
			go func() { ch <- i }() // ok: n senders, n receives, a channel per round
		}
		for i := 0; i < n; i++ {
			<-ch
		}
	}
}

func _(t *testing.T, k int) {
	done := make(chan error)
	for range k {
		go func() { done <- work() }() // ok: k senders, k receives
	}
	for range k {
		if err := <-done; err != nil {
			t.Error(err)
		}
	}
}

func _() {
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := work(); err != nil {
				errs <- err // ok: four senders, room for four
			}
		}()
	}
	wg.Wait()
}

// Same bound: a named constant, a field read twice, b.N, len of one slice.

const workers = 4

func _() {
	for round := 0; round < 3; round++ {
		results := make(chan int)
		for w := 0; w < workers; w++ {
			go func() { results <- w }() // ok: workers senders, workers receives
		}
		total := 0
		for w := 0; w < workers; w++ {
			total += <-results
		}
		_ = total
	}
}

type testCase struct{ clients int }

func _(cases []testCase) {
	for _, tc := range cases {
		errc := make(chan error)
		for i := 0; i < tc.clients; i++ {
			go func() {
				if err := work(); err != nil {
					errc <- err // ok: tc.clients goroutines send once each
					return
				}
				errc <- nil
			}()
		}
		for i := 0; i < tc.clients; i++ {
			<-errc
		}
	}
}

func _(b *testing.B) {
	ch := make(chan struct{})
	for i := 0; i < b.N; i++ {
		go func() { ch <- struct{}{} }() // ok: b.N senders, b.N receives
	}
	for i := 0; i < b.N; i++ {
		<-ch
	}
}

func _(names []string) {
	ch := make(chan string)
	for i := 0; i < len(names); i++ {
		go func() { ch <- names[i] }() // ok: len(names) each way
	}
	for range names {
		<-ch
	}
}

// Constants multiply: two senders of two values each, four receives.

func _() {
	c := make(chan bool, 2)
	for g := 0; g < 2; g++ {
		go func() {
			c <- true // ok: 2x2 sends, a buffer of 2 and two rounds of 2 receives... and more
			c <- true
		}()
	}
	for g := 0; g < 2; g++ {
		<-c
	}
	for g := 0; g < 2; g++ {
		<-c
	}
}

// A goroutine that sends and returns inside its loop sends once.

func _() {
	done := make(chan bool)
	for i := 0; i < 2; i++ {
		go func() {
			timer := time.After(time.Millisecond)
			for {
				select {
				case <-timer:
					done <- true // ok: once per goroutine, two goroutines, two receives
					return
				default:
				}
			}
		}()
	}
	<-done
	<-done
}

// Exclusive sends: only the goroutine that brings the counter to the total
// sends.

func _(procs int) {
	done := make(chan bool)
	var x uint32
	for p := 0; p < procs; p++ {
		go func() {
			if atomic.AddUint32(&x, 1) == uint32(procs) {
				done <- true // ok: one goroutine of all takes this branch
				return
			}
		}()
	}
	<-done
}

// A reader loop sends as often as its input says: unknown, so one receive
// is no evidence of a leak.

func next() (int, bool) { return 0, false }

func _() int {
	got := make(chan int, 2)
	go func() {
		for {
			v, ok := next()
			if !ok {
				return
			}
			got <- v // ok: how many values is the input's business
		}
	}()
	first := <-got
	select {
	case v := <-got:
		return v
	case <-time.After(time.Millisecond):
	}
	return first
}

// Capacity covers every possible send: ten goroutines, at most one error
// each, ten slots.

func _() error {
	errc := make(chan error, 10)
	for i := 0; i < 10; i++ {
		go func() {
			if err := work(); err != nil {
				errc <- err // ok: the buffer holds them all
			}
		}()
	}
	select {
	case err := <-errc:
		return err
	default:
		return nil
	}
}

var errBad = errors.New("bad")

// A counted loop of selects: a round may take another case, but a loop
// that ran its count could have taken every value.
func _() {
	const tries = 3
	c := make(chan bool, 1)
	other := make(chan bool, 1)
	go func() {
		for i := 0; i < tries; i++ {
			c <- true // ok: three rounds that may each receive it
		}
	}()
	for i := 0; i < tries; i++ {
		select {
		case <-c:
		case <-other:
		}
	}
}

func _(t *testing.T) {
	c := make(chan struct{})
	const jobs = 10
	for i := 0; i < jobs; i++ {
		go func() {
			c <- struct{}{} // ok: jobs senders; jobs rounds, the timeout stops the test
		}()
	}
	for i := 0; i < jobs; i++ {
		select {
		case <-c:
		case <-time.After(time.Second):
			t.Fatalf("timed out")
		}
	}
}

// A reader that forwards each kind of message on its own channel; the
// function never reads one of them: by its protocol, none of that kind
// comes.
type message struct{ reply, note *int }

func readMessage() (message, error) { return message{}, nil }

func _() int {
	replies := make(chan int)
	notes := make(chan int)
	go func() {
		for {
			m, err := readMessage()
			if err != nil {
				close(replies) // the reader is told, so the receive below cannot block
				return
			}
			if m.reply != nil {
				replies <- *m.reply
			} else {
				notes <- *m.note // ok: no note is expected
			}
		}
	}()
	return <-replies
}

// The same reader, started as a function of its own.
func readAll(replies chan int, notes chan int, errs chan error) { // want readAll:`sends\(0: many, 1: many, 2: 1\)`
	for {
		m, err := readMessage()
		if err != nil {
			errs <- err
			return
		} else if m.reply != nil {
			replies <- *m.reply
		} else {
			notes <- *m.note
		}
	}
}

func _(t *testing.T) {
	replies := make(chan int)
	notes := make(chan int)
	errs := make(chan error, 1)
	go readAll(replies, notes, errs) // ok: no note is expected
	select {
	case <-replies:
	case err := <-errs:
		t.Fatal(err)
	}
}

// The reader's notes are dropped in a loop until the reply comes: how many
// arrive after it is the protocol's business.
func _(t *testing.T, done <-chan int) {
	replies := make(chan int)
	notes := make(chan int)
	errs := make(chan error, 1)
	go readAll(replies, notes, errs)
	<-replies
	for {
		select {
		case <-done:
			return
		case err := <-errs:
			t.Fatal(err)
		case <-notes: // ok: dropped until done
		}
	}
}

// Every form of a counted loop matches every other over the same bound.

func _(s []int) {
	ch := make(chan int)
	for i := range len(s) {
		go func() { ch <- s[i] }() // ok: len(s) senders, len(s) receives
	}
	for range s {
		<-ch
	}
}

func _() {
	ch := make(chan int)
	for i := range 3 {
		go func() { ch <- i }() // ok: three and three
	}
	for range 3 {
		<-ch
	}
}

func _(m map[string]int) {
	ch := make(chan int)
	for _, v := range m {
		go func() { ch <- v }() // ok: one per entry, one receive per entry
	}
	for i := 0; i < len(m); i++ {
		<-ch
	}
}

func _(n int) {
	ch := make(chan int)
	for i := range n {
		go func() { ch <- i }() // ok: n each way
	}
	for i := 0; i < n; i++ {
		<-ch
	}
}

// A goroutine that receives in a loop but returns on the value it is sent
// is told to stop by a send, not a close: it does not range.
func _() {
	done := make(chan bool)
	go func() {
		for {
			if <-done { // ok: the true sent below ends it
				return
			}
		}
	}()
	done <- true
}

// A goroutine that reports its first success once (a flag) and its failure
// once (then returns), in a loop of unknown length: two values at most,
// both received.
func _() {
	ch := make(chan error, 1)
	go func() {
		defer close(ch)
		first := true
		for {
			if _, err := poll(); err != nil {
				ch <- err // ok: how often depends on the flag and the data
				return
			}
			if first {
				ch <- nil
				first = false
			}
		}
	}()
	<-ch
	<-ch
}

// Workers answer once per request and once when their request channel is
// closed; the function counts its requests and answers the same way.
func grow(req chan int, done chan struct{}) { // want grow:`sends\(1: many\)`
	for range req {
		done <- struct{}{}
	}
	done <- struct{}{}
}

func _() {
	const rounds, workers = 5, 20
	var reqs [workers]chan int
	done := make(chan struct{})
	for j := 0; j < workers; j++ {
		reqs[j] = make(chan int)
		go grow(reqs[j], done) // ok: one answer per request, one per close
	}
	for s := 0; s < rounds; s++ {
		for j := 0; j < workers; j++ {
			reqs[j] <- s
		}
		for j := 0; j < workers; j++ {
			<-done
		}
	}
	for j := 0; j < workers; j++ {
		close(reqs[j])
	}
	for j := 0; j < workers; j++ {
		<-done
	}
}
