package periodic

import (
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// wait bounds every wait on the loop's goroutine, so that a broken loop
// fails the test instead of hanging it.
const wait = 10 * time.Second

type fakeTicker struct {
	c      chan time.Time
	resets chan time.Duration
}

func (f fakeTicker) C() <-chan time.Time   { return f.c }
func (f fakeTicker) Reset(d time.Duration) { f.resets <- d }
func (f fakeTicker) Stop()                 {}
func newFake() fakeTicker                  { return fakeTicker{make(chan time.Time), make(chan time.Duration, 1)} }
func send(t *testing.T, f fakeTicker) {
	t.Helper()
	select {
	case f.c <- time.Time{}:
	case <-time.After(wait):
		t.Fatal("the loop did not take the tick")
	}
}

func TestGoroutineID(t *testing.T) {
	here := GoroutineID()
	require.NotZero(t, here)
	other := make(chan uint64)
	go func() { other <- GoroutineID() }()
	assert.NotEqual(t, here, <-other)
	assert.Equal(t, here, GoroutineID())
}

func TestStartTickRetimeStop(t *testing.T) {
	l := New()
	f := newFake()
	ticked := make(chan struct{})
	var begins, ends atomic.Int32
	begin := func() Ticker { begins.Add(1); return f }
	l.Start(begin, func() { ticked <- struct{}{} }, func() time.Duration { return 3 * time.Second })
	l.Start(begin, nil, nil) // running: a second Start does nothing
	assert.Equal(t, int32(1), begins.Load())

	send(t, f)
	<-ticked
	l.Retime()
	select {
	case d := <-f.resets:
		assert.Equal(t, 3*time.Second, d)
	case <-time.After(wait):
		t.Fatal("the loop did not apply the new interval")
	}

	l.Stop(func() { ends.Add(1) })
	l.Stop(func() { ends.Add(1) }) // stopped: nothing to do
	assert.Equal(t, int32(1), ends.Load())
	assert.Zero(t, l.goroutine.Load(), "the loop has exited")
	select {
	case f.c <- time.Time{}:
		t.Fatal("a stopped loop still takes ticks")
	default:
	}
}

func TestStopFromTheTick(t *testing.T) {
	l := New()
	f := newFake()
	stopped := make(chan struct{})
	l.Start(func() Ticker { return f }, func() { l.Stop(func() { close(stopped) }) }, nil)
	send(t, f) // the tick returns: Stop did not wait for its own goroutine
	select {
	case <-stopped:
	case <-time.After(wait):
		t.Fatal("Stop called from the tick never stopped the loop")
	}
	assert.Zero(t, l.goroutine.Load(), "the loop has exited")
}

func TestFunctionNamesTheLoop(t *testing.T) {
	assert.Equal(t, "github.com/leaklint/leaklint/runtime/internal/periodic.(*Loop).run", Function)
}
