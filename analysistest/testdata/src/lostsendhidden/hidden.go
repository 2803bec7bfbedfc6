// Package lostsendhidden holds service-shaped lost sends that the first
// corpus did not show: early exits from receive loops, first-response-wins,
// timeouts, worker pools and pipelines, and their fixed forms.
package lostsendhidden

import (
	"context"
	"errors"
	"sync"
	"time"
)

type item struct{ id int }

func work(item) error           { return nil }
func fetch(string) (int, error) { return 0, nil }

var errTimeout = errors.New("timeout")

// Fan-out with an early error return: the headline leak.

func _(items []item) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // want `send may block forever, leaking the goroutine: goroutines started in a loop send on errc, but this function can return after receiving once and it is unbuffered`
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func _(items []item) error {
	errc := make(chan error, len(items))
	for _, it := range items {
		go func() {
			errc <- work(it) // ok: room for every sender
		}()
	}
	for range items {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func _(items []item) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // ok: every value is received before the first error is returned
		}()
	}
	var first error
	for range items {
		if err := <-errc; err != nil && first == nil {
			first = err
		}
	}
	return first
}

func _(items []item, n int) error {
	errc := make(chan error)
	for i := 0; i < n; i++ {
		go func() {
			errc <- work(items[i]) // want `goroutines started in a loop send on errc, but this function can return after receiving once`
		}()
	}
	for i := 0; i < n; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func _(items []item) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // want `goroutines started in a loop send on errc, but this function can return after receiving once`
		}()
	}
	for range len(items) {
		err := <-errc
		if err == nil {
			continue
		}
		return err
	}
	return nil
}

func fanout[T any](xs []T, f func(T) error) error {
	errc := make(chan error)
	for _, x := range xs {
		go func() {
			errc <- f(x) // want `goroutines started in a loop send on errc`
		}()
	}
	for range xs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Three goroutines, a loop of three receives that can stop after one.

func _() error {
	errc := make(chan error)
	go func() { errc <- work(item{1}) }() // want `goroutines send up to 3 values on errc, but this function can return after receiving once and it is unbuffered`
	go func() { errc <- work(item{2}) }()
	go func() { errc <- work(item{3}) }()
	for i := 0; i < 3; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

func _() error {
	errc := make(chan error, 2)
	go func() { errc <- work(item{1}) }() // ok: after one receive the buffer holds the other two
	go func() { errc <- work(item{2}) }()
	go func() { errc <- work(item{3}) }()
	for i := 0; i < 3; i++ {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// First response wins among N replicas.

type reply struct {
	v   int
	err error
}

func _(replicas []string) (int, error) {
	ch := make(chan reply)
	for _, r := range replicas {
		go func() {
			v, err := fetch(r)
			ch <- reply{v, err} // want `goroutines started in a loop send on ch, but this function can return after receiving once`
		}()
	}
	for range replicas {
		if r := <-ch; r.err == nil {
			return r.v, nil
		}
	}
	return 0, errors.New("all replicas failed")
}

func _(replicas []string) (int, error) {
	ch := make(chan reply, len(replicas))
	for _, r := range replicas {
		go func() {
			v, err := fetch(r)
			ch <- reply{v, err} // ok: buffered for every replica
		}()
	}
	for range replicas {
		if r := <-ch; r.err == nil {
			return r.v, nil
		}
	}
	return 0, errors.New("all replicas failed")
}

func _(replicas []string) int {
	ch := make(chan int)
	for _, r := range replicas {
		go func() {
			v, _ := fetch(r)
			ch <- v // want `goroutines started in a loop send on ch`
		}()
	}
	for {
		if v := <-ch; v > 0 {
			return v
		}
	}
}

// Timeouts around a results channel.

func _(items []item, d time.Duration) error {
	results := make(chan error)
	for _, it := range items {
		go func() {
			results <- work(it) // want `goroutines started in a loop send on results`
		}()
	}
	for range items {
		select {
		case err := <-results:
			if err != nil {
				return err
			}
		case <-time.After(d):
			return errTimeout
		}
	}
	return nil
}

func _(ctx context.Context, items []item) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make(chan error)
	for _, it := range items {
		go func() {
			select {
			case results <- work(it): // ok: the deferred cancel lets the sender give up
			case <-ctx.Done():
			}
		}()
	}
	for range items {
		if err := <-results; err != nil {
			return err
		}
	}
	return nil
}

func _(ctx context.Context, items []item) error {
	results := make(chan error)
	for _, it := range items {
		go func() {
			select {
			case results <- work(it):
			default: // ok: a sender nobody waits for drops its result
			}
		}()
	}
	for range items {
		select {
		case err := <-results:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Worker pools.

func _(items []item, workers int) error {
	jobs := make(chan item)
	results := make(chan error)
	for range workers {
		go func() {
			for it := range jobs {
				results <- work(it) // want `the goroutine sends on results in a loop, but this function can return after receiving once`
			}
		}()
	}
	go func() {
		defer close(jobs)
		for _, it := range items {
			jobs <- it
		}
	}()
	for range items {
		if err := <-results; err != nil {
			return err
		}
	}
	return nil
}

func _(items []item) error {
	results := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- work(it) // want `goroutines started in a loop send on results`
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	for err := range results {
		if err != nil {
			return err
		}
	}
	return nil
}

func _(items []item) error {
	results := make(chan error)
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- work(it) // ok: the range runs until the closer closes results
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()
	var errs []error
	for err := range results {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Pipelines whose consumer stops early.

func _(xs []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x * 2 // want `the goroutine sends on out in a loop`
		}
	}()
	sum := 0
	for v := range out {
		if v > 100 {
			break
		}
		sum += v
	}
	return sum
}

func _(xs []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // want `the goroutine sends on out in a loop`
		}
	}()
	n := 0
outer:
	for v := range out {
		for _, d := range []int{2, 3} {
			if v%d == 0 {
				break outer
			}
		}
		n++
	}
	return n
}

func _(xs []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // want `the goroutine sends on out in a loop`
		}
	}()
	n := 0
	for v := range out {
		if v < 0 {
			goto done
		}
		n++
	}
done:
	return n
}

func _(xs []int) int {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // ok: ranged to the close
		}
	}()
	n := 0
	for v := range out {
		if v < 0 {
			continue
		}
		n++
	}
	return n
}

func _(xs []int) {
	out := make(chan int)
	go func() {
		defer close(out)
		for _, x := range xs {
			out <- x // ok: a panic ends the program, not only the goroutine
		}
	}()
	for v := range out {
		if v < 0 {
			panic("negative")
		}
	}
}

// A helper drains what the goroutine sends.

func drainAll(ch <-chan int) {
	for range ch {
	}
}

func _(xs []int) {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // ok: drainAll receives everything
		}
	}()
	drainAll(ch)
}

// A loop that both starts a sender and receives its value each round.

func _(items []item) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // ok: received in the same round it was started
		}()
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// Errgroup-like: the first error wins.

func _(tasks []func() error) error {
	errc := make(chan error, 1)
	for _, t := range tasks {
		go func() {
			if err := t(); err != nil {
				select {
				case errc <- err: // ok: the losers drop their error
				default:
				}
			}
		}()
	}
	return <-errc
}

func _(tasks []func() error) error {
	errc := make(chan error, 1)
	for _, t := range tasks {
		go func() {
			errc <- t() // want `goroutines started in a loop send on errc, but this function can return after receiving once and its buffer holds 1`
		}()
	}
	return <-errc
}

// Receive loops that also watch the context.

func _(ctx context.Context, items []item) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // want `goroutines started in a loop send on errc`
		}()
	}
	for i := 0; i < len(items); i++ {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func _(ctx context.Context, items []item) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errc := make(chan error)
	for _, it := range items {
		go func() {
			select {
			case errc <- work(it): // ok: gives up once the deferred cancel runs
			case <-ctx.Done():
			}
		}()
	}
	for i := 0; i < len(items); i++ {
		select {
		case err := <-errc:
			if err != nil {
				return err
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

// Leaving a comma-ok receive loop on the close is draining; on a value is not.

func _(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // want `the goroutine sends on ch in a loop`
		}
	}()
	n := 0
	for {
		v, ok := <-ch
		if !ok {
			break
		}
		if v < 0 {
			return -1
		}
		n += v
	}
	return n
}

func _(xs []int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for _, x := range xs {
			ch <- x // ok: received until closed
		}
	}()
	n := 0
	for {
		v, ok := <-ch
		if !ok {
			break
		}
		n += v
	}
	return n
}

// Stopping once every expected value arrived is not leaving early.

func _(items []item) int {
	ch := make(chan int)
	for range items {
		go func() {
			ch <- 1 // ok: the loop stops after len(items) values
		}()
	}
	got, sum := 0, 0
	for v := range ch {
		sum += v
		got++
		if got == len(items) {
			break
		}
	}
	return sum
}

// A done channel closed after wg.Wait() signals that every sender is done.

func _(items []item) []error {
	results := make(chan error)
	done := make(chan struct{})
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- work(it) // ok: done closes only once every value was taken
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	var errs []error
	for {
		select {
		case err := <-results:
			errs = append(errs, err)
		case <-done:
			return errs
		}
	}
}

func _(items []item) []error {
	results := make(chan error)
	done := make(chan struct{})
	for _, it := range items {
		go func() {
			results <- work(it) // want `goroutines started in a loop send on results`
		}()
	}
	go func() {
		close(done) // closed at once: it says nothing about the senders
	}()
	var errs []error
	for {
		select {
		case err := <-results:
			errs = append(errs, err)
		case <-done:
			return errs
		}
	}
}

// Another goroutine takes what is left after the first error.

func _(items []item) error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // ok: the rest is drained in the background
		}()
	}
	for i := range items {
		if err := <-errc; err != nil {
			go func() {
				for range len(items) - i - 1 {
					<-errc
				}
			}()
			return err
		}
	}
	return nil
}

// Counting successes is not leaving early.

func _(items []item) int {
	ch := make(chan bool)
	for _, it := range items {
		go func() {
			ch <- work(it) == nil // ok: every value is received
		}()
	}
	ok := 0
	for range items {
		if <-ch {
			ok++
		}
	}
	return ok
}

// Collecting until the slice holds every result counts, it does not look.

func _(items []item) []error {
	errc := make(chan error)
	for _, it := range items {
		go func() {
			errc <- work(it) // ok: the loop stops once it holds len(items) values
		}()
	}
	var errs []error
	for {
		errs = append(errs, <-errc)
		if len(errs) == len(items) {
			return errs
		}
	}
}
