// Package missingcancelissue12 holds the shapes of issue 12: contexts
// that are already done, callbacks that cancel, and loops whose defers
// cannot pile up. Each was reported on real code and is not a leak, or
// is a leak that must stay reported.
package missingcancelissue12

import (
	"bufio"
	"context"
	"errors"
	"iter"
	"os"
	"os/signal"
	"runtime"
	"testing"
	"time"

	"missingcancelissue12/waitfor"
)

var bg = context.Background()

func use(context.Context) {}

// --- deferred inside a loop: only unbounded loops pile up ---

func tableDriven(t *testing.T) {
	for _, tc := range []struct{ d time.Duration }{{1}, {2}} {
		ctx, cancel := context.WithTimeout(bg, tc.d) // ok: one per table row
		defer cancel()
		use(ctx)
	}
}

func eachAddress(addrs []string) {
	for _, a := range addrs {
		ctx, cancel := context.WithTimeout(bg, time.Second) // ok: one per address
		defer cancel()
		use(ctx)
		_ = a
	}
}

func countedUp(n int) {
	for i := 0; i < n; i++ {
		ctx, cancel := context.WithCancel(bg) // ok: n of them
		defer cancel()
		use(ctx)
	}
}

func countedInBody(n int) {
	i := 0
	for i < n {
		ctx, cancel := context.WithCancel(bg) // ok: the body steps the counter
		defer cancel()
		use(ctx)
		i++
	}
}

func overAMap(m map[string]int) {
	for range m {
		ctx, cancel := context.WithCancel(bg) // ok
		defer cancel()
		use(ctx)
	}
}

func forever() {
	for {
		ctx, cancel := context.WithTimeout(bg, time.Second) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func whileScanning(sc *bufio.Scanner) {
	for sc.Scan() {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func untilDone(parent context.Context) { // want untilDone:`waits for context param 0`
	for ; parent.Err() == nil; time.Sleep(time.Millisecond) {
		ctx, cancel := context.WithTimeout(parent, time.Second) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func overAChannel(jobs <-chan int) {
	for range jobs {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func overAnIterator(seq iter.Seq[int]) {
	for range seq {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func BenchmarkCountedByN(b *testing.B) {
	for i := 0; i < b.N; i++ {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func BenchmarkRangeN(b *testing.B) {
	for range b.N {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func BenchmarkLoop(b *testing.B) {
	for b.Loop() {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
	}
}

func countedInsideForever(n int) {
	for {
		for i := 0; i < n; i++ {
			ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
			defer cancel()
			use(ctx)
		}
	}
}

// Deferred to be safe, and called before the next iteration anyway.
func deferredAndCalled(jobs <-chan int) {
	for range jobs {
		ctx, cancel := context.WithCancel(bg) // ok
		defer cancel()
		use(ctx)
		cancel()
	}
}

// Deferred, and the context runs out before the next iteration.
func deferredAndExpired(jobs <-chan int) {
	for range jobs {
		ctx, cancel := context.WithTimeout(bg, time.Millisecond) // ok
		defer cancel()
		<-ctx.Done()
	}
}

// Called on one branch only: the other piles up.
func deferredCalledSometimes(jobs <-chan int) {
	for j := range jobs {
		ctx, cancel := context.WithCancel(bg) // want `deferred inside a loop`
		defer cancel()
		use(ctx)
		if j > 0 {
			cancel()
		}
	}
}

// --- constructors that panic ---

func nilParent() {
	defer func() { recover() }()
	_, _ = context.WithCancel(nil)               // ok: panics, makes nothing
	_, _ = context.WithTimeout(nil, time.Second) // ok
	_, _ = context.WithDeadline(nil, time.Now()) // ok
	_, _ = context.WithCancelCause(nil)          // ok
}

// --- discarded, but provably done before the return ---

func received() {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok: done once received
	<-ctx.Done()
}

func receivedLater() {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	done := ctx.Done()
	use(ctx)
	<-done
}

func selected(t *testing.T, c <-chan int) {
	ctx, _ := context.WithTimeout(bg, time.Second) // ok: the other case stops the test
	select {
	case <-c:
		t.Fatal("early")
	case <-ctx.Done():
	}
}

func selectedOrNot(c <-chan int) {
	ctx, _ := context.WithTimeout(bg, time.Second) // want `is discarded`
	select {
	case <-c:
	case <-ctx.Done():
	}
}

func errTested(t *testing.T) {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	time.Sleep(time.Second)
	if ctx.Err() == nil {
		t.Fatal("not expired")
	}
}

func errIsDeadline(t *testing.T) {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	time.Sleep(time.Second)
	if err := ctx.Err(); err != context.DeadlineExceeded {
		t.Fatalf("got %v", err)
	}
}

func errorsIs(t *testing.T) {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	time.Sleep(time.Second)
	if !errors.Is(context.Cause(ctx), context.DeadlineExceeded) {
		t.Fatal("not expired")
	}
}

func errUntested() {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // want `is discarded`
	_ = ctx.Err()
}

// A helper whose error says the context ended (a fact of package waitfor).
func helperErr(t *testing.T, q *waitfor.Queue) {
	ctx, cancel := context.WithTimeout(bg, time.Millisecond) // ok: done where the cancel is lost
	if _, err := q.Receive(ctx); err != context.DeadlineExceeded {
		t.Fatalf("got %v", err)
	}
	ctx, cancel = context.WithTimeout(bg, time.Millisecond) // ok
	defer cancel()
	use(ctx)
}

func helperOwnErr(t *testing.T) {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	if waitfor.Check(ctx) == nil {
		t.Fatal("not expired")
	}
}

func helperOtherErr(t *testing.T) {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // want `is discarded`
	if waitfor.Poll(ctx) == nil {
		t.Fatal("not expired")
	}
}

func helperWaits() {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	waitfor.Expire(ctx)
}

// A helper of this package: its behaviour is computed, not imported.
func expireHere(ctx context.Context, why string) { // want expireHere:`waits for context param 0`
	select {
	case <-time.After(time.Hour):
		panic(why)
	case <-ctx.Done():
	}
}

func localHelperWaits() {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	expireHere(ctx, "slow")
}

// --- the parent is known to be cancelled ---

func parentCancelledBefore() {
	parent, cancel := context.WithCancel(bg)
	cancel()
	ctx, _ := context.WithCancel(parent) // ok: born done
	use(ctx)
}

func parentCancelledAfter() context.Context {
	parent, cancel := context.WithCancelCause(bg)
	ctx, _ := context.WithTimeout(parent, time.Hour) // ok: done when the parent is cancelled
	cancel(errors.New("finished"))
	return ctx
}

func grandparentDone() {
	top, _ := context.WithTimeout(bg, time.Millisecond) // ok: received below
	mid := context.WithValue(top, struct{}{}, 1)
	ctx, _ := context.WithCancel(mid) // ok: its grandparent is done below
	use(ctx)
	<-top.Done()
}

func childDoneIsNotParentDone() {
	parent, _ := context.WithCancel(bg) // want `is discarded`
	child, cancel := context.WithTimeout(parent, time.Millisecond)
	defer cancel()
	<-child.Done()
}

// --- overwritten ---

// Each attempt waits out its context before the next one replaces it.
func retryUntilDone(ctx context.Context, try func(context.Context) bool) {
	for {
		if ctx.Err() != nil {
			return
		}
		attempt, cancel := context.WithTimeout(ctx, time.Second) // ok
		if try(attempt) {
			cancel()
			return
		}
		<-attempt.Done()
	}
}

func retryForgetting(ctx context.Context, try func(context.Context) bool) {
	for {
		attempt, cancel := context.WithTimeout(ctx, time.Second) // want `not called before the next iteration`
		if try(attempt) {
			cancel()
			return
		}
	}
}

// --- called through a closure handed to code that runs later ---

type watcher struct {
	OnStart func()
}

func (w *watcher) Run(ctx context.Context) { w.OnStart(); <-ctx.Done() } // want Run:`waits for context param 1`

// Stop once the watch starts: the callback cancels whatever context the
// variable holds when it runs.
func stopOnceStarted() {
	var cancel context.CancelFunc
	w := &watcher{OnStart: func() { cancel() }}
	var ctx context.Context
	ctx, cancel = context.WithCancel(bg) // ok
	w.Run(ctx)
	ctx, cancel = context.WithCancel(bg) // ok
	w.Run(ctx)
}

// The shape of client-go's pager test: a callback that cancels on some
// item is handed, through a closure that recovers, to the code under
// test. Whether it cancels is that code's business.
func cancelOnItem(each func(context.Context, func(int) error) error, stopAt int) error {
	ctx, cancel := context.WithCancel(bg) // ok
	fn := func(i int) error {
		if i == stopAt {
			cancel()
		}
		return nil
	}
	var err error
	func() {
		defer func() { recover() }()
		err = each(ctx, fn)
	}()
	if err != nil {
		return err
	}
	return nil
}

// A callback that nothing is given: it never runs.
func callbackKeptHere() {
	var cancel context.CancelFunc
	stop := func() { cancel() }
	var ctx context.Context
	ctx, cancel = context.WithCancel(bg) // want `not called on the path`
	use(ctx)
	_ = stop
}

// --- still reported ---

// A wrapper's cancel discarded in a test: reported, as vet would.
func TestWrapperDiscarded(t *testing.T) {
	ctx, _ := waitfor.Deadline(time.Second) // want `is discarded`
	use(ctx)
}

// The shape of client-go's transport/cache.go: a cancel kept for a
// background goroutine's context, handed to a cleanup on one path and
// dropped on an earlier return.
func startRotation(reload, gc bool, owner *int, run func(<-chan struct{})) {
	var cancel context.CancelFunc
	if reload {
		var ctx context.Context
		ctx, cancel = context.WithCancel(bg) // want `not called on the path through the return at line 418`
		go run(ctx.Done())
	}
	if !gc {
		return
	}
	if cancel != nil {
		runtime.AddCleanup(owner, func(struct{}) { cancel() }, struct{}{})
	}
}

// A signal context is done when the signal comes, but its registration
// stays until stop is called.
func signalled() {
	ctx, _ := signal.NotifyContext(bg, os.Interrupt) // want `stop function .* is discarded`
	<-ctx.Done()
}

// A wrapper's cancel may release more than its context.
func wrapperDone() {
	ctx, _ := waitfor.Deadline(time.Millisecond) // want `is discarded`
	<-ctx.Done()
}

// --- more shapes of the same rules ---

func overwrittenAfterExpiry() {
	ctx, cancel := context.WithTimeout(bg, time.Millisecond) // ok: done before it is overwritten
	<-ctx.Done()
	ctx, cancel = context.WithTimeout(bg, time.Second) // ok
	defer cancel()
	use(ctx)
}

func overwrittenBeforeExpiry() {
	ctx, cancel := context.WithTimeout(bg, time.Second) // want `not called on the path`
	use(ctx)
	ctx, cancel = context.WithTimeout(bg, time.Second) // ok
	defer cancel()
	use(ctx)
}

func workUntilExpired(work func()) { // want workUntilExpired:`releases param 0`
	ctx, _ := context.WithTimeout(bg, time.Second) // ok: the loop ends only once it is done
	for ctx.Err() == nil {
		work()
	}
}

func serveUntilDone(in <-chan int) {
	ctx, _ := context.WithTimeout(bg, time.Second) // ok
	for {
		select {
		case <-ctx.Done():
			return
		case v := <-in:
			_ = v
		}
	}
}

func serveOrQuit(in <-chan int) {
	ctx, _ := context.WithTimeout(bg, time.Second) // want `is discarded`
	for {
		select {
		case <-ctx.Done():
			return
		case v, ok := <-in:
			if !ok {
				return
			}
			_ = v
		}
	}
}

func causeTested(t *testing.T) {
	ctx, _ := context.WithTimeoutCause(bg, time.Millisecond, errors.New("slow")) // ok
	time.Sleep(time.Second)
	switch context.Cause(ctx) {
	case nil:
		t.Fatal("not expired")
	}
}

func helperErrIs(t *testing.T, q *waitfor.Queue) {
	ctx, _ := context.WithTimeout(bg, time.Millisecond) // ok
	if _, err := q.Receive(ctx); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

func nilCauseParents() {
	defer func() { recover() }()
	var parent context.Context
	_, _ = context.WithTimeoutCause(parent, time.Second, nil) // ok: a nil parent panics
	_, _ = context.WithDeadlineCause(nil, time.Now(), nil)    // ok
}

type runner struct{ stop func() }

func newRunner(stop func()) *runner { return &runner{stop: stop} } // want newRunner:`keeps param 0`

func (r *runner) Run(ctx context.Context) { r.stop(); use(ctx) }

// The callback is handed over as an argument, before the cancel is set.
func callbackArgument() {
	var cancel context.CancelFunc
	r := newRunner(func() { cancel() })
	var ctx context.Context
	ctx, cancel = context.WithCancel(bg) // ok
	r.Run(ctx)
}

func cleanupRegistered(t *testing.T) {
	var cancel context.CancelFunc
	t.Cleanup(func() { cancel() })
	var ctx context.Context
	ctx, cancel = context.WithCancel(bg) // ok
	use(ctx)
}

func foreverCalledAtEnd(jobs <-chan int) {
	for {
		ctx, cancel := context.WithCancel(bg) // ok: called before the next iteration
		defer cancel()
		if j := <-jobs; j < 0 {
			return
		}
		use(ctx)
		cancel()
	}
}
