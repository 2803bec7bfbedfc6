// Package periodic runs a function at an interval on a goroutine of its
// own, which can be started, stopped (also from inside the function) and
// given a new interval while it runs.
package periodic

import (
	"bytes"
	"reflect"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Ticker is the part of *time.Ticker the loop uses, so that tests can
// send ticks themselves.
type Ticker interface {
	C() <-chan time.Time
	Reset(time.Duration)
	Stop()
}

type realTicker struct{ *time.Ticker }

func (t realTicker) C() <-chan time.Time { return t.Ticker.C }

// NewTicker returns a Ticker backed by a time.Ticker.
func NewTicker(d time.Duration) Ticker { return realTicker{time.NewTicker(d)} }

// Loop runs a function at an interval. Its methods are safe for
// concurrent use; make one with New.
type Loop struct {
	// life serialises Start and Stop, so that a Stop racing a Start either
	// stops the loop it started or finds nothing to stop.
	life sync.Mutex
	stop chan struct{} // nil while stopped
	done chan struct{}

	// goroutine is the id of the running loop's goroutine, 0 when none:
	// Stop called from the function must not wait for itself.
	goroutine atomic.Uint64

	// retime wakes the loop to apply a new interval.
	retime chan struct{}
}

// New returns a stopped Loop.
func New() *Loop {
	return &Loop{retime: make(chan struct{}, 1)}
}

// Function is the name a goroutine profile gives a loop's goroutine, for
// callers that leave their own goroutines out of what they report.
var Function = runtime.FuncForPC(reflect.ValueOf((*Loop).run).Pointer()).Name()

// Start starts the loop unless it runs already. begin runs first, under
// the lock that serialises Start and Stop, and returns the ticker to run
// with; at each tick the loop calls tick. After Retime the loop resets the
// ticker to what interval returns.
func (l *Loop) Start(begin func() Ticker, tick func(), interval func() time.Duration) {
	l.life.Lock()
	defer l.life.Unlock()
	if l.stop != nil {
		return
	}
	t := begin()
	l.stop, l.done = make(chan struct{}), make(chan struct{})
	go l.run(t, tick, interval, l.stop, l.done)
}

// Stop stops the loop and returns once its goroutine has exited; then end
// runs, under the lock that serialises Start and Stop. It does nothing when
// the loop is stopped. Called from the loop's own function it returns at
// once, and the loop stops as soon as the function returns.
func (l *Loop) Stop(end func()) {
	if id := l.goroutine.Load(); id != 0 && id == GoroutineID() {
		go l.Stop(end) // waiting here would wait for this very goroutine
		return
	}
	l.life.Lock()
	defer l.life.Unlock()
	if l.stop == nil {
		return
	}
	close(l.stop)
	<-l.done
	l.stop, l.done = nil, nil
	end()
}

// Retime makes a running loop read its interval again; a loop started
// later reads it when it starts.
func (l *Loop) Retime() {
	select {
	case l.retime <- struct{}{}:
	default: // a change is already pending; the loop reads the latest interval
	}
}

func (l *Loop) run(t Ticker, tick func(), interval func() time.Duration, stop <-chan struct{}, done chan<- struct{}) {
	l.goroutine.Store(GoroutineID())
	defer close(done)
	defer l.goroutine.Store(0)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-l.retime:
			t.Reset(interval())
		case <-t.C():
			tick()
		}
	}
}

// GoroutineID returns the calling goroutine's id, read from the first line
// of its stack trace ("goroutine 42 [running]:"), or 0 in an unknown
// format. Only Stop and the start of a loop pay for it.
func GoroutineID() uint64 {
	var buf [64]byte
	line := buf[:runtime.Stack(buf[:], false)]
	line = bytes.TrimPrefix(line, []byte("goroutine "))
	if i := bytes.IndexByte(line, ' '); i > 0 {
		line = line[:i]
	}
	id, err := strconv.ParseUint(string(line), 10, 64)
	if err != nil {
		return 0 // an unknown format: Stop then always waits
	}
	return id
}
