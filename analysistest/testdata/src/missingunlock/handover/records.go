// Package handover holds locks that outlive the function that takes them
// by design, and the slips that look like them.
package handover

import (
	"sync"
	"sync/atomic"
)

var (
	gateMu  sync.Mutex // guards gateUse
	gate    sync.RWMutex
	gateUse int // how many holders share the write lock on gate
)

// enterGate takes gate for the first user only and counts the users in
// gateUse; leaveGate unlocks it when the count drops back to zero. The
// count is the record of the hold.
func enterGate() {
	gateMu.Lock()
	defer gateMu.Unlock()
	if gateUse == 0 {
		gate.Lock() // ok: leaveGate releases it when gateUse says so
		gateUse++
		return
	}
	gate.RLock()
	gate.RUnlock()
	gateUse++
}

func leaveGate() { // want leaveGate:"releases g:missingunlock/handover.gate"
	gateMu.Lock()
	defer gateMu.Unlock()
	gateUse--
	if gateUse == 0 {
		gate.Unlock()
	}
}

type cursor struct {
	mu      sync.RWMutex
	pinned  bool // Peek left mu read-locked for the caller's borrowed slice
	scratch []byte
}

// Peek keeps the read lock while the caller borrows scratch, and says so
// in pinned; Advance drops it.
func (c *cursor) Peek(borrow bool) []byte { // want Peek:"locks p0.mu"
	c.mu.RLock() // ok: pinned records the hold, Advance releases it
	if borrow {
		c.pinned = true
		return c.scratch
	}
	out := append([]byte(nil), c.scratch...)
	c.mu.RUnlock()
	return out
}

func (c *cursor) Advance() { // want Advance:"releases p0.mu"
	if c.pinned {
		c.pinned = false
		c.mu.RUnlock()
	}
}

type store struct {
	mu    sync.Mutex
	dirty bool
	path  string
}

// save records something in a field, but the only other unlock of mu is
// not conditioned on it: the error return keeps mu locked for ever.
func (s *store) save(path string) {
	s.mu.Lock() // want `s.mu is not unlocked on the path through the return at line 79`
	s.dirty = true
	if path == "" {
		return
	}
	s.path = path
	s.mu.Unlock()
}

func (s *store) flush() {
	s.mu.Lock()
	if s.dirty {
		s.dirty = false
	}
	s.mu.Unlock()
}

type worker struct {
	mu     sync.Mutex
	parked bool // park left mu locked for unpark
}

// start writes the record only on the path that lets go of mu: the early
// return keeps mu with nothing saying so.
func (w *worker) start(n int) {
	w.mu.Lock() // want `w.mu is not unlocked on the path through the return`
	if n < 0 {
		return
	}
	w.parked = false
	w.mu.Unlock()
}

func (w *worker) unpark() { // want unpark:"releases p0.mu"
	if w.parked {
		w.parked = false
		w.mu.Unlock()
	}
}

// A lock's method value is the lock operation: the early return keeps mu.
func (s *store) viaValue(n int) {
	lock, unlock := s.mu.Lock, s.mu.Unlock
	lock() // want `the lock is not unlocked on the path through the return at line 121`
	if n == 0 {
		return
	}
	unlock()
}

// once.Do runs its function: a lock taken there is held after it.
func (s *store) viaOnce(n int) {
	var once sync.Once
	once.Do(s.mu.Lock) // want `s.mu is not unlocked on the path through the return at line 131`
	if n == 0 {
		return
	}
	s.mu.Unlock()
}

// lease keeps mu across calls while leased says so, in an atomic flag.
type lease struct {
	mu     sync.Mutex
	leased atomic.Bool
}

func (l *lease) Take(keep bool) { // want Take:"locks p0.mu"
	l.mu.Lock() // ok: leased records the hold, Give releases it
	if keep {
		l.leased.Store(true)
		return
	}
	l.mu.Unlock()
}

func (l *lease) Give() { // want Give:"releases p0.mu"
	if l.leased.CompareAndSwap(true, false) {
		l.mu.Unlock()
	}
}
