// Package undrainedchanhidden consumes producers the way services do:
// taking the first values, leaving loops on a condition, with and without a
// cancel that releases the producer.
package undrainedchanhidden

import (
	"context"
	"errors"
	"time"

	p "undrainedchanhiddenprod"
)

// Leaving a range early.

func _(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for v := range p.Gen(ctx, 10) { // ok: the deferred cancel releases Gen
		if v > 3 {
			return v
		}
	}
	return 0
}

func _(ctx context.Context) int {
	ch := p.Gen(ctx, 10) // want `the loop receiving from ch \(from undrainedchanhiddenprod.Gen\) can end before it is closed and its context cannot be cancelled by this function`
	for v := range ch {
		if v > 3 {
			return v
		}
	}
	return 0
}

func _(ctx context.Context) int {
	ch := p.Gen(ctx, 10) // ok: ranged to the close
	n := 0
	for v := range ch {
		if v > 3 {
			continue
		}
		n++
	}
	return n
}

func _(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	ch := p.Gen(ctx, 10) // ok: cancelled before leaving
	for v := range ch {
		if v > 3 {
			cancel()
			return v
		}
	}
	cancel()
	return 0
}

func _(ctx context.Context, stop bool) int {
	ctx, cancel := context.WithCancel(ctx)
	ch := p.Gen(ctx, 10) // want `the loop receiving from ch \(from undrainedchanhiddenprod.Gen\) can end before it is closed and its context is not cancelled on that path`
	for v := range ch {
		if stop {
			return v
		}
		if v > 3 {
			cancel()
			return v
		}
	}
	cancel()
	return 0
}

func _(ctx context.Context) (n int) {
	ch := p.Gen(ctx, 10) // want `the loop receiving from ch \(from undrainedchanhiddenprod.Gen\) can end before it is closed`
	for v := range ch {
		if v < 0 {
			goto out
		}
		n++
	}
out:
	return n
}

func _(ctx context.Context) int {
	ch := p.Gen(ctx, 10) // want `the loop receiving from ch \(from undrainedchanhiddenprod.Gen\) can end before it is closed`
	n := 0
outer:
	for v := range ch {
		for _, d := range []int{2, 3} {
			if v%d == 0 {
				break outer
			}
		}
		n++
	}
	return n
}

func _(ctx context.Context) {
	ch := p.Gen(ctx, 10) // want `the loop receiving from ch \(from undrainedchanhiddenprod.Gen\) can end before it is closed`
	for v := range ch {
		if v < 0 {
			panic("negative")
		}
	}
}

// Cancelling does not release a producer that never looks at ctx.

func _(ctx context.Context) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	ch := p.Tail(ctx) // want `ch from undrainedchanhiddenprod.Tail is received only once and cancelling a context does not release this producer`
	return <-ch
}

// Generic producers and methods.

func _(ctx context.Context, names []string) string {
	ch := p.Stream(ctx, names) // want `ch from undrainedchanhiddenprod.Stream is received only once and its context cannot be cancelled by this function`
	return <-ch
}

func _(ctx context.Context, names []string) string {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	return <-p.Stream(ctx, names) // ok: the deferred cancel releases it
}

func _(ctx context.Context, s *p.Source) string {
	for ev := range s.Events(ctx) { // want `the loop receiving from the channel \(from undrainedchanhiddenprod.Events\) can end before it is closed`
		if ev.Name != "" {
			return ev.Name
		}
	}
	return ""
}

func _(ctx context.Context, s *p.Source) string {
	events := s.Events
	ch := events(ctx) // want `ch from undrainedchanhiddenprod.Events is received only once`
	return (<-ch).Name
}

// A goroutine that is a function of another package.

func _(ctx context.Context) int {
	ch := p.Via(ctx, 5) // want `ch from undrainedchanhiddenprod.Via is received only once`
	return <-ch
}

// Helpers.

func firstOf(ch <-chan int) int { return <-ch } // want firstOf:`receives\(0\)`

func _(ctx context.Context) int {
	ch := p.Gen(ctx, 10) // want `ch from undrainedchanhiddenprod.Gen is received only once`
	return firstOf(ch)
}

func _(ctx context.Context) []int {
	ch := p.Gen(ctx, 10) // ok: Collect drains it
	return p.Collect(ch)
}

func drainInBackground(ch <-chan int) { // want drainInBackground:`drains\(0\)`
	go func() {
		for range ch {
		}
	}()
}

func _(ctx context.Context) {
	ch := p.Gen(ctx, 10) // ok: handed to a helper that drains it
	drainInBackground(ch)
}

func _(ctx context.Context) {
	p.Gen(ctx, 10) // want `the channel from undrainedchanhiddenprod.Gen is discarded`
}

// Timeouts.

func _(ctx context.Context, d time.Duration) (int, error) {
	ch := p.Gen(ctx, 10) // want `the loop receiving from ch \(from undrainedchanhiddenprod.Gen\) can end before it is closed and its context cannot be cancelled by this function`
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum, nil
			}
			sum += v
		case <-time.After(d):
			return 0, errors.New("timeout")
		}
	}
}

func _(ctx context.Context, d time.Duration) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, d)
	defer cancel()
	ch := p.Gen(ctx, 10) // ok: the deferred cancel releases Gen on the timeout
	sum := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return sum, nil
			}
			sum += v
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	}
}

// One producer per item, each released before the next.

func _(ctx context.Context, ns []int) int {
	total := 0
	for _, n := range ns {
		ctx, cancel := context.WithCancel(ctx)
		ch := p.Gen(ctx, n) // ok: cancelled each round
		total += <-ch
		cancel()
	}
	return total
}

func _(ctx context.Context, ns []int) int {
	total := 0
	for _, n := range ns {
		ch := p.Gen(ctx, n) // want `ch from undrainedchanhiddenprod.Gen is received only once`
		total += <-ch
	}
	return total
}

// Handed over.

type pipe struct{ in <-chan int }

func _(ctx context.Context) pipe {
	return pipe{in: p.Gen(ctx, 3)} // ok: the caller owns it
}

// Pipelines: a stage hands its input over; the last consumer decides.

func stage[T, U any](ctx context.Context, in <-chan T, f func(T) U) <-chan U { // want stage:`producer\(result 0, ctx param 0 releases\)` stage:`drains\(1\)`
	out := make(chan U)
	go func() {
		defer close(out)
		for v := range in {
			select {
			case out <- f(v):
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

func _(ctx context.Context) int {
	sq := stage(ctx, p.Gen(ctx, 10), func(v int) int { return v * v }) // want `the loop receiving from sq \(from undrainedchanhidden.stage\) can end before it is closed`
	for v := range sq {
		if v > 10 {
			return v
		}
	}
	return 0
}

func _(ctx context.Context) int {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	sq := stage(ctx, p.Gen(ctx, 10), func(v int) int { return v * v }) // ok: cancel releases both stages
	for v := range sq {
		if v > 10 {
			return v
		}
	}
	return 0
}

// Returning because the producer's own context is done releases it.

func _(ctx context.Context) int {
	ch := p.Gen(ctx, 10) // ok: returns only when ch is closed or ctx is done
	n := 0
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return n
			}
			n += v
		case <-ctx.Done():
			return n
		}
	}
}

func _(ctx context.Context) {
	ch := p.Gen(ctx, 10) // ok: a goroutine drains it
	go p.Collect(ch)
}
