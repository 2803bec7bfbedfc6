package leak

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// guardNextLine returns "file:line" of the line after its call, where the
// test then calls the method whose origin it checks.
func guardNextLine() string {
	_, file, line, _ := runtime.Caller(1)
	return fmt.Sprintf("%s:%d", file, line+1)
}

// guardStuckTimeout is how long Cleanup waits in tests where a stream never
// completes: the wait always runs to its end, so keep it short.
const guardStuckTimeout = 20 * time.Millisecond

func TestGuardCleanupCancelsAndWaitsForStreams(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(monitorTestWait))
	var finished sync.WaitGroup
	for range 3 {
		g.RegisterStream()
		finished.Add(1)
		go func() {
			defer finished.Done()
			defer g.CompleteStream()
			<-g.Context().Done() // a producer that runs until cancelled
		}()
	}
	require.NoError(t, g.Cleanup())
	assert.ErrorIs(t, g.Context().Err(), context.Canceled)
	finished.Wait()
}

func TestGuardCleanupNamesStreamsStillOpen(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(guardStuckTimeout))
	stuck := make(chan struct{})
	defer close(stuck)
	produceIgnoringContext := func() {
		defer g.CompleteStream()
		<-stuck
	}

	first := guardNextLine()
	g.RegisterStream()
	go produceIgnoringContext()
	var second string
	for range 2 {
		second = guardNextLine()
		g.RegisterStream()
		go produceIgnoringContext()
	}

	err := g.Cleanup()
	var ce *GuardCleanupError
	require.ErrorAs(t, err, &ce)
	assert.Equal(t, []string{first, second, second}, ce.Open)
	assert.Equal(t, guardStuckTimeout, ce.Timeout)
	assert.Equal(t, "leak: StreamingResourceGuard.Cleanup: 3 streams still open 20ms after cancelling the guard's context; registered at:\n\t"+
		first+"\n\t"+second+" (2 streams)", err.Error())

	assert.Same(t, err, g.Cleanup(), "Cleanup is idempotent")
}

func TestGuardConcurrentCleanupsShareOneResult(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(guardStuckTimeout))
	stuck := make(chan struct{})
	defer close(stuck)
	g.Go(func(context.Context) { <-stuck })

	errs := make([]error, 4)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = g.Cleanup()
		}()
	}
	wg.Wait()
	require.Error(t, errs[0])
	for _, err := range errs[1:] {
		assert.Same(t, errs[0], err)
	}
}

func TestGuardUnmatchedCompleteIsAnErrorNotANegativeCount(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(guardStuckTimeout))
	where := guardNextLine()
	g.CompleteStream()
	g.CompleteStream()

	// Had the count gone to -2, these two open streams would look closed.
	var open string
	for range 2 {
		open = guardNextLine()
		g.RegisterStream()
	}

	var ce *GuardCleanupError
	require.ErrorAs(t, g.Cleanup(), &ce)
	assert.Equal(t, []string{open, open}, ce.Open)
	assert.Equal(t, 2, ce.Unmatched)
	assert.Equal(t, where, ce.UnmatchedOrigin)
	assert.Contains(t, ce.Error(), "CompleteStream called 2 times without a matching RegisterStream, first at "+where+"; call it once per RegisterStream")
}

// guardTestStartA and guardTestStartB register from two functions; the
// closure each starts completes its own registration.
func guardTestStartA(g *StreamingResourceGuard, release <-chan struct{}) {
	g.RegisterStream()
	go func() {
		defer g.CompleteStream()
		<-release
	}()
}

func guardTestStartB(g *StreamingResourceGuard, release <-chan struct{}) {
	g.RegisterStream()
	go func() {
		defer g.CompleteStream()
		<-release
	}()
}

func TestGuardCompleteRetiresTheCallersOwnRegistration(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(guardStuckTimeout))
	releaseA, releaseB := make(chan struct{}), make(chan struct{})
	defer close(releaseA)
	guardTestStartA(g, releaseA)
	guardTestStartB(g, releaseB)
	close(releaseB)
	guardWaitOpen(t, g, 1)

	// B's closure completed B's registration even though A's is older.
	var ce *GuardCleanupError
	require.ErrorAs(t, g.Cleanup(), &ce)
	assert.Equal(t, []string{guardFuncLine(t, guardTestStartA)}, ce.Open, "the open stream is A's")
}

// guardFuncLine returns "file:line" of the first statement of fn, which for
// guardTestStart* is its RegisterStream call.
func guardFuncLine(t *testing.T, fn func(*StreamingResourceGuard, <-chan struct{})) string {
	t.Helper()
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(guardStuckTimeout))
	release := make(chan struct{})
	defer close(release)
	fn(g, release)
	var ce *GuardCleanupError
	require.ErrorAs(t, g.Cleanup(), &ce)
	require.Len(t, ce.Open, 1)
	return ce.Open[0]
}

func TestGuardGoPairsExactly(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(guardStuckTimeout))
	stuck := make(chan struct{})
	defer close(stuck)

	stuckAt := guardNextLine()
	g.Go(func(context.Context) { <-stuck })
	for range 3 {
		g.Go(func(context.Context) {})
	}
	// Paired by function, as CompleteStream is, the three quick streams
	// would have retired the stuck one, the oldest from this function.
	guardWaitOpen(t, g, 1)

	var ce *GuardCleanupError
	require.ErrorAs(t, g.Cleanup(), &ce)
	assert.Equal(t, []string{stuckAt}, ce.Open)
}

func TestGuardGoPassesTheGuardContext(t *testing.T) {
	g := NewStreamingResourceGuard(context.Background(), WithGuardTimeout(monitorTestWait))
	for range 3 {
		g.Go(func(ctx context.Context) { <-ctx.Done() })
	}
	assert.NoError(t, g.Cleanup(), "cancelling the context ends every producer")
}

// guardWaitOpen waits, bounded, until n streams are open: completions run on
// the producers' goroutines.
func guardWaitOpen(t *testing.T, g *StreamingResourceGuard, n int) {
	t.Helper()
	deadline := time.Now().Add(monitorTestWait)
	for {
		g.mu.Lock()
		open := len(g.ledger.Open())
		g.mu.Unlock()
		if open == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d streams open, want %d", open, n)
		}
		runtime.Gosched()
	}
}

func TestGuardReportsMisuse(t *testing.T) {
	var nilCtx context.Context
	g := NewStreamingResourceGuard(nilCtx)
	require.NotNil(t, g.Context(), "a nil context is replaced, never dereferenced")
	err := g.Cleanup()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "NewStreamingResourceGuard called with a nil context; pass the request's context or context.Background()")

	err = NewStreamingResourceGuard(context.Background(), WithGuardTimeout(-time.Second)).Cleanup()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "WithGuardTimeout(-1s): the timeout must be positive, such as 5*time.Second; using 5s")
	assert.Equal(t, 1, strings.Count(err.Error(), "leak:"), "one prefix, not the misuse's own repeated: %v", err)

	err = NewStreamingResourceGuard(context.Background(), nil).Cleanup()
	require.Error(t, err, "a nil GuardOption is misuse, as a nil Option is for a check")
	assert.Contains(t, err.Error(), "nil GuardOption")

	g = NewStreamingResourceGuard(context.Background())
	g.Go(nil)
	err = g.Cleanup()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "StreamingResourceGuard.Go called with a nil function at ")
	var ce *GuardCleanupError
	require.ErrorAs(t, err, &ce)
	assert.Empty(t, ce.Open, "a nil function registers nothing")
}

func TestGuardCleanupWithoutStreams(t *testing.T) {
	parent, cancel := context.WithCancel(context.Background())
	g := NewStreamingResourceGuard(parent)
	cancel()
	assert.ErrorIs(t, g.Context().Err(), context.Canceled, "the guard's context derives from the parent")
	assert.NoError(t, g.Cleanup())
	assert.NoError(t, g.Cleanup())
}

func TestGuardZeroValueIsReady(t *testing.T) {
	var g StreamingResourceGuard
	g.Go(func(ctx context.Context) { <-ctx.Done() })
	require.NoError(t, g.Cleanup())
	assert.ErrorIs(t, g.Context().Err(), context.Canceled)
}
