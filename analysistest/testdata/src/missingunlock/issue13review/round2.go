package issue13review

import (
	"runtime"
	"sync"
)

// R1: a worker goroutine's break leaves the loop with the lock taken at
// its top: the goroutine exits holding it.
type spinner struct {
	mu   sync.Mutex
	left int
}

func newSpinner(n int) *spinner {
	s := &spinner{left: n}
	go s.run()
	return s
}

func (s *spinner) run() { // want run:"returns holding p0.mu"
	for {
		s.mu.Lock() // want `the goroutine exits still holding s.mu on every path`
		if s.left == 0 {
			break
		}
		s.left--
		s.mu.Unlock()
	}
}

// R2: correct: the goroutine the function starts unlocks.
func (s *spinner) handOff() {
	s.mu.Lock() // ok
	go func() {
		defer s.mu.Unlock()
		s.left = 0
	}()
}

// R3: a read lock upgraded to a write lock on the same RWMutex.
type table struct {
	rw   sync.RWMutex
	rows map[int]string
}

func (t *table) ensure(k int) { // want ensure:"releases p0.rw"
	t.rw.RLock()
	defer t.rw.RUnlock()
	if _, ok := t.rows[k]; !ok {
		t.rw.Lock() // want `t.rw is locked again while this path`
		t.rows[k] = ""
		t.rw.Unlock()
	}
}

// R4: correct: the upgrade releases the read lock first.
func (t *table) ensureFixed(k int) {
	t.rw.RLock()
	_, ok := t.rows[k]
	t.rw.RUnlock()
	if !ok {
		t.rw.Lock() // ok
		t.rows[k] = ""
		t.rw.Unlock()
	}
}

// R5: correct: a generic helper that runs f under the lock.
func withLock[T any](mu *sync.Mutex, f func() T) T {
	mu.Lock()
	defer mu.Unlock()
	return f()
}

type stats struct {
	mu sync.Mutex
	n  int
}

func (s *stats) incr() int {
	return withLock(&s.mu, func() int { s.n++; return s.n }) // ok
}

// R6: a lock taken through the sync.Locker interface and left held.
func (s *stats) viaLocker(skip bool) {
	var l sync.Locker = &s.mu
	l.Lock() // want `not unlocked on the path through the return at line 90`
	if skip {
		return
	}
	s.n++
	l.Unlock()
}

// R7: an embedded *RWMutex left read-locked on an early return.
type index struct {
	*sync.RWMutex
	keys []string
}

func (x *index) first() string {
	x.RLock() // want `not unlocked on the path through the return at line 105`
	if len(x.keys) == 0 {
		return ""
	}
	k := x.keys[0]
	x.RUnlock()
	return k
}

// R8: AB-BA between a global mutex and a field mutex.
var registryMu sync.Mutex

type plugin struct {
	mu   sync.Mutex
	name string
}

var plugins []*plugin

func register(p *plugin) {
	registryMu.Lock()
	defer registryMu.Unlock()
	p.mu.Lock() // want `plugin.mu is taken here while registryMu is held`
	plugins = append(plugins, p)
	p.mu.Unlock()
}

func (p *plugin) rename(n string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	registryMu.Lock()
	p.name = n
	registryMu.Unlock()
}

// R9: correct: both orders taken under a third lock that serialises them.
type trio struct {
	outer, a, b sync.Mutex
}

func (t *trio) ab() {
	t.outer.Lock()
	defer t.outer.Unlock()
	t.a.Lock()
	t.b.Lock() // ok
	t.b.Unlock()
	t.a.Unlock()
}

func (t *trio) ba() {
	t.outer.Lock()
	defer t.outer.Unlock()
	t.b.Lock()
	t.a.Lock() // ok
	t.a.Unlock()
	t.b.Unlock()
}

// R10: correct: spinning on TryLock, then deferring the unlock.
func (s *stats) spin() {
	for !s.mu.TryLock() { // ok
		runtime.Gosched()
	}
	defer s.mu.Unlock()
	s.n++
}

// R11: correct: a closure run on the spot locks and defers its unlock.
func (s *stats) inline() int {
	v := 0
	func() {
		s.mu.Lock() // ok
		defer s.mu.Unlock()
		v = s.n
	}()
	return v
}

// R12: an unlock helper called on one branch only.
type conn struct {
	mu  sync.Mutex
	buf []byte
}

func (c *conn) release() { // want release:"releases p0.mu"
	c.buf = nil
	c.mu.Unlock()
}

func (c *conn) write(b []byte) int {
	c.mu.Lock() // want `c.mu is not unlocked on the path through the return at line 195`
	if len(b) == 0 {
		return 0
	}
	c.buf = append(c.buf, b...)
	c.release()
	return len(b)
}
