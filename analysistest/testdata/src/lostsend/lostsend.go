package lostsend

import (
	"context"
	"errors"
	"time"
)

func work() (int, error) { return 0, nil }

// Early return.

func _(err error) {
	ch := make(chan any)
	go func() {
		ch <- struct{}{} // want `send may block forever, leaking the goroutine: the goroutine sends on ch once, but this function can return without receiving from it and it is unbuffered`
	}()
	if err != nil {
		return
	}
	<-ch
}

func _(err error) {
	ch := make(chan any, 1)
	go func() {
		ch <- struct{}{} // ok: the buffer holds the value
	}()
	if err != nil {
		return
	}
	<-ch
}

func _() (int, error) {
	ch := make(chan int)
	errc := make(chan error)
	go func() {
		n, err := work()
		if err != nil {
			errc <- err // want `the goroutine sends on errc once, but this function can return without receiving from it`
			return
		}
		ch <- n // want `the goroutine sends on ch once, but this function can return without receiving from it`
	}()
	select {
	case n := <-ch:
		return n, nil
	case err := <-errc:
		return 0, err
	}
}

// Timeouts and cancellation.

func _(ctx context.Context) {
	ch := make(chan any)
	go func() {
		ch <- struct{}{} // want `the goroutine sends on ch once, but this function can return without receiving`
	}()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

func _() int {
	ch := make(chan int)
	go func() {
		n, _ := work()
		ch <- n // want `without receiving from it`
	}()
	select {
	case n := <-ch:
		return n
	case <-time.After(time.Second):
		return -1
	}
}

func _(ctx context.Context) {
	ch := make(chan any)
	go func() {
		select {
		case ch <- struct{}{}: // ok: the send gives up when ctx is done
		case <-ctx.Done():
		}
	}()
	select {
	case <-ch:
	case <-ctx.Done():
	}
}

func _() {
	ch := make(chan any)
	go func() {
		ch <- struct{}{} // ok: the loop only ends after receiving
	}()
	for {
		select {
		case <-ch:
			return
		case <-time.After(time.Millisecond):
		}
	}
}

// First result wins.

func _(items []any) {
	ch := make(chan any)
	for range items {
		go func() {
			ch <- struct{}{} // want `goroutines started in a loop send on ch, but this function can return after receiving once and it is unbuffered`
		}()
	}
	<-ch
}

func _(items []any) {
	ch := make(chan any, len(items))
	for range items {
		go func() {
			ch <- struct{}{} // ok: a buffer for every sender
		}()
	}
	<-ch
}

func _(items []any) []any {
	ch := make(chan any)
	for _, it := range items {
		go func() {
			ch <- it // ok: received as often as sent
		}()
	}
	var out []any
	for range items {
		out = append(out, <-ch)
	}
	return out
}

func _() {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `goroutines send up to 2 values on ch, but this function can return after receiving once`
	go func() { ch <- 2 }()
	<-ch
}

// Senders that send twice.

func sendTwice(ch chan any, err error) { // want sendTwice:`sends\(0: 2\)`
	if err != nil {
		ch <- nil
	}
	ch <- struct{}{}
}

func _(err error) {
	ch := make(chan any)
	go func() {
		sendTwice(ch, err) // want `goroutines send up to 2 values on ch, but this function can return after receiving once`
	}()
	<-ch
}

func _(err error) {
	ch := make(chan any, 1)
	go func() {
		sendTwice(ch, err) // ok: one receive and one buffered
	}()
	<-ch
}

func _(err error) {
	ch := make(chan any)
	go sendTwice(ch, err) // want `goroutines send up to 2 values`
	<-ch
}

func _() {
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			ch <- i // want `the goroutine sends on ch in a loop, but this function can return after receiving once`
		}
	}()
	<-ch
}

func _() {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range 3 {
			ch <- i // ok: the receiver takes everything
		}
	}()
	for range ch {
	}
}

// Goto, panics, labelled break, closures.

func _(err error) {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `without receiving from it`
	if err != nil {
		goto done
	}
	<-ch
done:
}

func _(err error) {
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: a panic is not a return the pass follows
	if err != nil {
		panic(err)
	}
	<-ch
}

func _(n int) {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `without receiving from it`
loop:
	for i := 0; i < n; i++ {
		if i == 3 {
			break loop
		}
	}
	if n > 0 {
		return
	}
	<-ch
}

func _() <-chan int {
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: returned, the caller receives
	return ch
}

func _(sink func(chan int)) {
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: passed on, someone else may receive
	sink(ch)
}

func _() {
	ch := make(chan int)
	done := func() { <-ch }
	go func() { ch <- 1 }() // ok: another closure receives
	done()
}

func _() {
	for i := 0; i < 3; i++ {
		ch := make(chan int)
		go func() { ch <- i }() // ok: each iteration has its own channel and receives once
		<-ch
	}
}

// Generics.

func first[T any](fs []func() T) T {
	ch := make(chan T)
	for _, f := range fs {
		go func() {
			ch <- f() // want `goroutines started in a loop send on ch`
		}()
	}
	return <-ch
}

func _() error {
	errc := make(chan error)
	//leaklint:ignore lostsend the caller drains errc in tests
	go func() { errc <- errors.New("x") }() // ok: silenced
	return nil
}

// Workers ranging over a channel the function never closes.

func _(items []int, workers int) {
	ch := make(chan int)
	for range workers {
		go func() {
			for it := range ch { // want `receive may block forever, leaking the goroutine: it ranges over ch, but this function can return without closing it`
				_ = it
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
}

func _(items []int, workers int) {
	ch := make(chan int)
	defer close(ch)
	for range workers {
		go func() {
			for it := range ch { // ok: the deferred close ends the workers
				_ = it
			}
		}()
	}
	for _, it := range items {
		ch <- it
	}
}

func _(items []int, err error) {
	ch := make(chan int)
	go func() {
		for it := range ch { // want `it ranges over ch, but this function can return without closing it`
			_ = it
		}
	}()
	for _, it := range items {
		if err != nil {
			return
		}
		ch <- it
	}
	close(ch)
}

func _(items []int) {
	ch := make(chan int)
	go func() {
		for it := range ch { // ok: closed once the items are sent
			_ = it
		}
	}()
	for _, it := range items {
		ch <- it
	}
	close(ch)
}

func _(ctx context.Context) {
	ch := make(chan int)
	go func() {
		for {
			select {
			case <-ch: // ok: the worker also leaves on ctx.Done()
			case <-ctx.Done():
				return
			}
		}
	}()
	ch <- 1
}

// Method values and methods.

type worker struct{ n int }

func (w *worker) report(ch chan<- int) { ch <- w.n } // want report:`sends\(1: 1\)`

func _(w *worker, err error) {
	ch := make(chan int)
	go w.report(ch) // want `the goroutine sends on ch once, but this function can return without receiving from it`
	if err != nil {
		return
	}
	<-ch
}

func _(w *worker, err error) {
	ch := make(chan int)
	report := w.report
	go report(ch) // want `the goroutine sends on ch once, but this function can return without receiving from it`
	if err != nil {
		return
	}
	<-ch
}
