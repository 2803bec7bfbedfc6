package basic

import (
	"context"
	"errors"
	"time"
)

var bg = context.Background()
var cond bool

func use(context.Context) {}

func _() {
	ctx, _ := context.WithCancel(bg) // want `the cancel function returned by context.WithCancel is discarded: the context is never cancelled`
	use(ctx)
}

func _() {
	context.WithTimeout(bg, time.Second) // want `returned by context.WithTimeout is discarded`
}

// `_ = cancel` is not a call: lostcancel counts it as a use.
func _() {
	ctx, cancel := context.WithCancel(bg) // want `returned by context.WithCancel is not called on the path through the return at line 28: the context leaks until its parent is done`
	_ = cancel
	use(ctx)
}

// A function that ignores the cancel func does not call it.
func ignore(f context.CancelFunc) {} // want ignore:"ignores param 0"

func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	ignore(cancel)
	use(ctx)
}

func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	defer cancel()
	use(ctx)
}

func _() error {
	ctx, cancel := context.WithDeadline(bg, time.Now()) // want `not called on the path through the return at line 48`
	if cond {
		return errors.New("early") // the leaking return
	}
	cancel()
	use(ctx)
	return nil
}

func _(work <-chan int) {
	for range work {
		ctx, cancel := context.WithCancel(bg) // want `is deferred inside a loop: every iteration's context lives until the function returns`
		defer cancel()
		use(ctx)
	}
}

func _() {
	for range 3 {
		ctx, cancel := context.WithCancel(bg) // ok: three contexts, released at the return
		defer cancel()
		use(ctx)
	}
}

func _() {
	for range 3 {
		ctx, cancel := context.WithCancel(bg) // ok: called in the same iteration
		use(ctx)
		cancel()
	}
}

func _() {
	for i := range 3 {
		ctx, cancel := context.WithCancel(bg) // want `in a loop is not called before the next iteration`
		use(ctx)
		if i == 2 {
			cancel()
			return
		}
	}
}

type server struct {
	cancel func()
	stop   func()
}

// s.cancel is called by Close: storing it hands it over.
func (s *server) start() {
	var ctx context.Context
	ctx, s.cancel = context.WithCancel(bg) // ok
	use(ctx)
}

func (s *server) Close() { s.cancel() }

// s.stop is never read, so nothing can call it.
func (s *server) startStop() {
	var ctx context.Context
	ctx, s.stop = context.WithCancel(bg) // want `not called on the path through the return at line 109: it is stored in server\.stop, which nothing in the package reads, so nothing can call it`
	use(ctx)
}

var global func()

func _() {
	var ctx context.Context
	ctx, global = context.WithCancel(bg) // ok: globals outlive the call
	use(ctx)
}

func _() (context.Context, context.CancelFunc) {
	return context.WithCancel(bg) // ok: returned
}

func _() {
	ctx, cancel := context.WithCancel(bg) // ok: cancelled by a goroutine
	go func() {
		<-ctx.Done()
		cancel()
	}()
}

func _() {
	ctx, cancel := context.WithCancel(bg) // ok: go statement calls it directly
	use(ctx)
	go cancel()
}

func _() {
	ctx, cancel := context.WithCancel(bg) // ok: a deferred closure calls it
	defer func() { cancel() }()
	use(ctx)
}

func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called`
	f := func() { _ = cancel }
	f()
	use(ctx)
}

func _(ch chan func()) {
	ctx, cancel := context.WithCancel(bg) // ok: sent away
	ch <- cancel
	use(ctx)
}

func _(m map[string]func()) {
	ctx, cancel := context.WithCancel(bg) // ok: stored in a map
	m["x"] = cancel
	use(ctx)
}

func _() {
	ctx, cancel := context.WithCancelCause(bg) // ok
	defer cancel(nil)
	use(ctx)
}

func _() {
	ctx, cancel := context.WithTimeoutCause(bg, time.Second, errors.New("slow")) // want `returned by context.WithTimeoutCause is not called`
	use(ctx)
	if cond {
		cancel()
	}
}

// Panicking paths are not leaks: lostcancel agrees.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	if cond {
		panic("boom")
	}
	use(ctx)
	cancel()
}

// goto
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	if cond {
		goto done
	}
	use(ctx)
done:
	cancel()
}

func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return at line 205`
	if cond {
		goto out
	}
	cancel()
out:
	use(ctx)
}

// labelled break
func _(xs [][]int) {
	ctx, cancel := context.WithCancel(bg) // ok
outer:
	for _, row := range xs {
		for _, x := range row {
			if x < 0 {
				break outer
			}
		}
	}
	cancel()
	use(ctx)
}

func _(xs [][]int) {
	ctx, cancel := context.WithCancel(bg) // want `not called`
outer:
	for _, row := range xs {
		for _, x := range row {
			if x < 0 {
				break outer
			}
		}
		cancel()
		return
	}
	use(ctx)
}

// select
func _(a, b chan int) {
	ctx, cancel := context.WithCancel(bg) // want `not called`
	select {
	case <-a:
		cancel()
	case <-b:
	}
	use(ctx)
}

func _(a, b chan int) {
	ctx, cancel := context.WithCancel(bg) // ok
	select {
	case <-a:
		cancel()
	case <-b:
		cancel()
	}
	use(ctx)
}

// method values and conditional cancel
type holder struct{}

func (holder) run(f func()) { f() } // want run:"releases param 1"

func _() {
	ctx, cancel := context.WithCancel(bg) // ok: passed to a method that calls it
	holder{}.run(cancel)
	use(ctx)
}

func _() {
	ctx, cancel := context.WithCancel(bg) // ok: nil check keeps the call on the non-nil path
	if cancel != nil {
		defer cancel()
	}
	use(ctx)
}

// generics
func _[T any](x T) {
	ctx, cancel := context.WithCancel(bg) // want `not called`
	_ = x
	use(ctx)
	_ = cancel
}

func call[F ~func()](f F) { f() }

func _() {
	ctx, cancel := context.WithCancel(bg) // ok: generic function calls it
	call(cancel)
	use(ctx)
}

// captured by reference and reassigned: the deferred closure reads the
// variable when it runs, and calls the no-op.
func _() {
	var cancel context.CancelFunc
	var ctx context.Context
	ctx, cancel = context.WithCancel(bg) // want `not called on the path through the return`
	defer func() { cancel() }()
	use(ctx)
	cancel = func() {}
}

// ... unless it was handed over before.
func _(keep func(context.CancelFunc)) {
	var cancel context.CancelFunc
	var ctx context.Context
	ctx, cancel = context.WithCancel(bg) // ok
	defer func() { cancel() }()
	use(ctx)
	keep(cancel)
	cancel = func() {}
}

// A function value we cannot see: assume it calls.
func _(f func(func())) {
	ctx, cancel := context.WithCancel(bg) // ok
	f(cancel)
	use(ctx)
}

func _() {
	//leaklint:ignore missingcancel the parent is cancelled right after
	ctx, _ := context.WithCancel(bg)
	use(ctx)
}

func _() {
	ctx, _ := context.WithCancel(bg) //leaklint:ignore missingcancel // want `needs a reason` `is discarded`
	use(ctx)
}

// The loop certainly runs once.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	for i := 0; i < 1; i++ {
		cancel()
	}
	use(ctx)
}

func _(n int) {
	ctx, cancel := context.WithCancel(bg) // want `not called`
	for i := 0; i < n; i++ {
		cancel()
	}
	use(ctx)
}
