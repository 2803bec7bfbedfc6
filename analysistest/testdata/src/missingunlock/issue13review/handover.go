package issue13review

import (
	"sync"
	"sync/atomic"
)

// P21: correct: a hold recorded in a field and released by another method
// under a test of that field.
type stream struct {
	mu     sync.Mutex
	locked bool
	data   []byte
}

func (s *stream) Begin(n int) bool { // want Begin:"locks p0.mu"
	s.mu.Lock() // ok
	if n == 0 {
		s.mu.Unlock()
		return false
	}
	s.locked = true
	return true
}

func (s *stream) End() { // want End:"releases p0.mu"
	if s.locked {
		s.locked = false
		s.mu.Unlock()
	}
}

// P22: the releaser tests a different field than the one the hold is
// recorded in: nothing ties the unlock to the hold.
type stream2 struct {
	mu     sync.Mutex
	locked bool
	closed bool
	data   []byte
}

func (s *stream2) Begin(n int) { // want Begin:"locks p0.mu"
	s.mu.Lock() // want `s.mu is not unlocked on the path through the return at line 49`
	if n == 0 {
		s.mu.Unlock()
		return
	}
	s.locked = true
}

func (s *stream2) End() { // want End:"releases p0.mu"
	if s.closed {
		return
	}
	s.mu.Unlock()
}

// P22b: correct: the same shape with End testing the record.
type stream3 struct {
	mu     sync.Mutex
	locked bool
	data   []byte
}

func (s *stream3) Begin(n int) { // want Begin:"locks p0.mu"
	s.mu.Lock() // ok
	if n == 0 {
		s.mu.Unlock()
		return
	}
	s.locked = true
}

func (s *stream3) End() { // want End:"releases p0.mu"
	if !s.locked {
		return
	}
	s.locked = false
	s.mu.Unlock()
}

// P23: correct: an atomic flag records the hold, the releaser swaps it.
type gate struct {
	mu   sync.Mutex
	held atomic.Bool
}

func (g *gate) Enter(ok bool) bool { // want Enter:"locks p0.mu"
	g.mu.Lock() // ok
	if !ok {
		g.mu.Unlock()
		return false
	}
	g.held.Store(true)
	return true
}

func (g *gate) Leave() { // want Leave:"releases p0.mu"
	if g.held.Swap(false) {
		g.mu.Unlock()
	}
}

// P24: the record says the lock is not held on the path that keeps it.
type gate2 struct {
	mu   sync.Mutex
	held atomic.Bool
}

func (g *gate2) Enter(ok bool) { // want Enter:"locks p0.mu"
	g.mu.Lock() // want `g.mu is not unlocked on the path through the return at line 114`
	if !ok {
		g.held.Store(false)
		return
	}
	g.held.Store(true)
	g.mu.Unlock()
}

func (g *gate2) Leave() { // want Leave:"releases p0.mu"
	if g.held.Swap(false) {
		g.mu.Unlock()
	}
}

// P25: a receive guarded by a flag, but one setter sets the flag without
// closing the channel: the receiver can wait, holding w.mu, for a close
// that finish can only make after taking w.mu.
type waiter struct {
	mu    sync.Mutex
	done  bool
	ready chan struct{}
}

func (w *waiter) finish() {
	w.mu.Lock()
	if !w.done {
		w.done = true
		close(w.ready)
	}
	w.mu.Unlock()
}

func (w *waiter) abandon() {
	w.mu.Lock()
	w.done = true
	w.mu.Unlock()
}

func (w *waiter) cancel() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		<-w.ready // want `receives from waiter.ready while holding w.mu`
	}
}

// P26: correct: the only setter closes the channel in the same critical
// section.
type waiter2 struct {
	mu    sync.Mutex
	done  bool
	ready chan struct{}
}

func (w *waiter2) finish() {
	w.mu.Lock()
	if !w.done {
		w.done = true
		close(w.ready)
	}
	w.mu.Unlock()
}

func (w *waiter2) cancel() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		<-w.ready // ok
	}
}

func newWaiter() *waiter   { return &waiter{ready: make(chan struct{})} }
func newWaiter2() *waiter2 { return &waiter2{ready: make(chan struct{})} }
