package hidden // want package:"provides resources"

// Leak cases modelled on real services and on the bug trackers of
// lostcancel: cancel functions kept in structs, maps, cleanups and
// helpers; reassignment in loops; branches that forget.

import (
	"context"
	"errors"
	"log"
	"os"
	"sync"
	"testing"
	"time"
)

var bg = context.Background()
var cond bool

func use(context.Context)        {}
func work(context.Context) error { return nil }

// A worker keeps its cancel and calls it in Close.
type worker struct {
	ctx    context.Context
	cancel context.CancelFunc
}

func newWorker() *worker {
	ctx, cancel := context.WithCancel(bg) // ok: Close calls it
	return &worker{ctx: ctx, cancel: cancel}
}

func (w *worker) Close() { w.cancel() }

// The field is written but nothing ever reads it.
type forgetful struct {
	ctx  context.Context
	stop context.CancelFunc
}

func newForgetful() *forgetful {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	return &forgetful{ctx: ctx, stop: cancel}
}

// t.Cleanup calls what it is given.
func _(t *testing.T) {
	ctx, cancel := context.WithTimeout(bg, time.Second) // ok
	t.Cleanup(cancel)
	use(ctx)
}

// context.AfterFunc keeps the function and calls it later.
func _(parent context.Context) {
	ctx, cancel := context.WithCancel(bg) // ok
	context.AfterFunc(parent, cancel)
	use(ctx)
}

// sync.Once runs it.
func _() {
	var once sync.Once
	ctx, cancel := context.WithCancel(bg) // ok
	defer once.Do(cancel)
	use(ctx)
}

// An errgroup-like helper that calls its argument.
type group struct{ fs []func() }

func (g *group) Go(f func()) { go f() } // want Go:"releases param 1"

func _() {
	var g group
	ctx, cancel := context.WithCancel(bg) // ok
	g.Go(cancel)
	use(ctx)
}

// A registry of cancels, called on shutdown.
type registry struct {
	mu      sync.Mutex
	cancels map[string]context.CancelFunc
}

func (r *registry) start(id string) context.Context {
	ctx, cancel := context.WithCancel(bg) // ok: stored in the map
	r.mu.Lock()
	r.cancels[id] = cancel
	r.mu.Unlock()
	return ctx
}

func (r *registry) stopAll() {
	for _, c := range r.cancels {
		c()
	}
}

// Returned inside a struct value.
type handle struct {
	Ctx    context.Context
	Cancel context.CancelFunc
}

func _() handle {
	ctx, cancel := context.WithCancel(bg) // ok: returned in a struct
	return handle{Ctx: ctx, Cancel: cancel}
}

// Shadowed: the inner cancel is never called; the outer one is.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	defer cancel()
	if cond {
		ctx, cancel := context.WithTimeout(ctx, time.Second) // want `not called on the path through the return`
		use(ctx)
		_ = cancel
	}
	use(ctx)
}

// Reassigned in a loop: each iteration loses the previous cancel.
func _(n int) {
	var cancel context.CancelFunc = func() {}
	ctx := bg
	for i := 0; i < n; i++ {
		ctx, cancel = context.WithTimeout(bg, time.Second) // want `in a loop is not called before the next iteration`
		use(ctx)
	}
	cancel()
}

// Reassigned in a loop, the previous one cancelled first.
func _(n int) {
	cancel := func() {}
	ctx := bg
	for i := 0; i < n; i++ {
		cancel()
		ctx, cancel = context.WithTimeout(bg, time.Second) // ok
		use(ctx)
	}
	cancel()
}

// An if/else-if chain where one branch forgets.
func _(a, b bool) error {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return at line 158`
	use(ctx)
	if a {
		cancel()
		return nil
	} else if b {
		cancel()
		return errors.New("b")
	} else if cond {
		return errors.New("forgot")
	}
	cancel()
	return nil
}

// A switch where one case returns early.
func _(mode int) error {
	ctx, cancel := context.WithTimeout(bg, time.Second) // want `not called on the path through the return at line 169`
	switch mode {
	case 0:
		return work(ctx)
	case 1:
		defer cancel()
		return work(ctx)
	}
	cancel()
	return nil
}

// Every case cancels.
func _(mode int) error {
	ctx, cancel := context.WithTimeout(bg, time.Second) // ok
	switch mode {
	case 0:
		cancel()
		return nil
	default:
		defer cancel()
	}
	return work(ctx)
}

// os.Exit and log.Fatal end the process.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	if err := work(ctx); err != nil {
		log.Fatal(err)
	}
	if cond {
		os.Exit(2)
	}
	cancel()
}

// A deferred closure that cancels only on error.
func _() (err error) {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	defer func() {
		if err != nil {
			cancel()
		}
	}()
	return work(ctx)
}

// A goroutine that cancels after its work.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	go func() {
		defer cancel()
		_ = work(ctx)
	}()
}

// A closure stored and never invoked.
func _() {
	ctx, cancel := context.WithCancel(bg) // want `not called on the path through the return`
	stop := func() { cancel() }
	_ = stop
	use(ctx)
}

// A closure stored and invoked later.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	stop := func() { cancel() }
	use(ctx)
	stop()
}

// A cleanup list run at the end.
func _() {
	var cleanups []func()
	defer func() {
		for _, c := range cleanups {
			c()
		}
	}()
	ctx, cancel := context.WithCancel(bg) // ok: appended to a list that is run
	cleanups = append(cleanups, cancel)
	use(ctx)
}

// The cancel of a signal context.
func _() {
	ctx, stop := signalContext() // want `not called`
	use(ctx)
	_ = stop
}

func signalContext() (context.Context, context.CancelFunc) { // want signalContext:"returns resource in result 1"
	return context.WithCancel(bg)
}

// A timeout chosen by a branch, cancelled once after.
func _(fast bool) error {
	var ctx context.Context
	var cancel context.CancelFunc
	if fast {
		ctx, cancel = context.WithTimeout(bg, time.Millisecond) // ok
	} else {
		ctx, cancel = context.WithTimeout(bg, time.Minute) // ok
	}
	defer cancel()
	return work(ctx)
}

// One branch's cancel is dropped.
func _(fast bool) error {
	ctx, cancel := bg, context.CancelFunc(func() {})
	if fast {
		ctx, _ = context.WithTimeout(bg, time.Millisecond) // want `is discarded`
	} else {
		ctx, cancel = context.WithTimeout(bg, time.Minute) // ok
	}
	defer cancel()
	return work(ctx)
}

// A cancel wrapped with a cause, called through the wrapper.
func _() {
	ctx, cancel := context.WithCancelCause(bg) // ok
	stop := func() { cancel(errors.New("done")) }
	defer stop()
	use(ctx)
}

// Returned through a named result.
func _() (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithTimeout(bg, time.Second) // ok
	return
}

// A named result overwritten before return.
func _() (ctx context.Context, cancel context.CancelFunc) {
	ctx, cancel = context.WithTimeout(bg, time.Second) // want `not called`
	ctx, cancel = bg, func() {}
	return
}

// A cancel handed to a channel read by a reaper.
func _(reap chan<- context.CancelFunc) {
	ctx, cancel := context.WithCancel(bg) // ok
	use(ctx)
	reap <- cancel
}

// select with a timeout: on the path that forgets, the context is done
// (issue 12: a select case on ctx.Done() taken).
func _(in <-chan int) int {
	ctx, cancel := context.WithTimeout(bg, time.Second) // ok
	select {
	case v := <-in:
		cancel()
		return v
	case <-ctx.Done():
		return -1
	}
}

// select that forgets on a path where the context is not done.
func _(in <-chan int, quit <-chan struct{}) int {
	ctx, cancel := context.WithTimeout(bg, time.Second) // want `not called on the path through the return at line 339`
	select {
	case v := <-in:
		cancel()
		return v
	case <-ctx.Done():
		return -1
	case <-quit:
		return -2
	}
}

// The loop certainly runs once and cancels on a value-dependent branch.
func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	for i := range 10 {
		if i == 5 {
			cancel()
		}
	}
	use(ctx)
}

// The loop need not run.
func _(n int) {
	ctx, cancel := context.WithCancel(bg) // want `not called`
	for i := range n {
		if i == 5 {
			cancel()
		}
	}
	use(ctx)
}

// Recursion through a helper that calls the cancel.
func stopAfter(n int, cancel func()) { // want stopAfter:"releases param 1"
	if n == 0 {
		cancel()
		return
	}
	stopAfter(n-1, cancel)
}

func _() {
	ctx, cancel := context.WithCancel(bg) // ok
	stopAfter(3, cancel)
	use(ctx)
}

// A method value of a type that owns the cancel.
func _() {
	w := newWorker()
	defer w.Close()
	use(w.ctx)
}
