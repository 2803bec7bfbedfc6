// Package issue13review holds held-out inputs written while reviewing
// missingunlock (issue 13): each rule's leak next to its correct variant.
package issue13review

import (
	"errors"
	"sync"
)

var errNeg = errors.New("negative")

// P1: an embedded mutex left held on an early return.
type tally struct {
	sync.Mutex
	n int
}

func (t *tally) bump(d int) error {
	t.Lock() // want `t is not unlocked on the path through the return at line 21`
	if d < 0 {
		return errNeg
	}
	t.n += d
	t.Unlock()
	return nil
}

// P2: correct: the embedded mutex is unlocked by a defer.
func (t *tally) get() int {
	t.Lock() // ok
	defer t.Unlock()
	return t.n
}

// P3: a generic cache whose read lock leaks on the miss path.
type Cache[K comparable, V any] struct {
	rw sync.RWMutex
	m  map[K]V
}

func (c *Cache[K, V]) Get(k K) (V, bool) { // want Get:"locks p0.rw"
	c.rw.RLock() // want `c.rw is not unlocked on the path through the return at line 46`
	v, ok := c.m[k]
	if !ok {
		var zero V
		return zero, false
	}
	c.rw.RUnlock()
	return v, true
}

// P4: correct generic write.
func (c *Cache[K, V]) Put(k K, v V) { // want Put:"locks p0.rw"
	c.rw.Lock() // ok
	c.m[k] = v
	c.rw.Unlock()
}

// P5: a lock taken again in the next loop iteration after a continue
// skipped the unlock.
type poller struct {
	mu    sync.Mutex
	queue []int
}

func (p *poller) drain(stop func() bool) {
	for !stop() {
		p.mu.Lock() // want `p.mu is locked again while this path already locked it at line 68`
		if len(p.queue) == 0 {
			continue
		}
		p.queue = p.queue[1:]
		p.mu.Unlock()
	}
}

// P6: correct: the continue unlocks first.
func (p *poller) drainFixed(stop func() bool) {
	for !stop() {
		p.mu.Lock() // ok
		if len(p.queue) == 0 {
			p.mu.Unlock()
			continue
		}
		p.queue = p.queue[1:]
		p.mu.Unlock()
	}
}

// P7: TryLock's success path keeps the lock when the work fails.
type flusher struct {
	mu  sync.Mutex
	buf []byte
}

func (f *flusher) tryFlush(write func([]byte) error) bool {
	if !f.mu.TryLock() { // want `f.mu is not unlocked on the path through the return at line 101`
		return false
	}
	if err := write(f.buf); err != nil {
		return false
	}
	f.buf = f.buf[:0]
	f.mu.Unlock()
	return true
}

// P8: correct: TryLock's failure path holds nothing, success defers.
func (f *flusher) tryFlushFixed(write func([]byte) error) bool {
	if !f.mu.TryLock() { // ok
		return false
	}
	defer f.mu.Unlock()
	return write(f.buf) == nil
}

// P9: a closure that unlocks, created but skipped on the error path.
type ledger struct {
	mu  sync.Mutex
	sum int
}

func (l *ledger) add(d int) error {
	l.mu.Lock() // want `l.mu is not unlocked on the path through the return at line 127`
	release := func() { l.mu.Unlock() }
	if d < 0 {
		return errNeg
	}
	l.sum += d
	release()
	return nil
}

// P10: correct: the releasing closure is deferred.
func (l *ledger) addFixed(d int) error {
	l.mu.Lock() // ok
	release := func() { l.mu.Unlock() }
	defer release()
	if d < 0 {
		return errNeg
	}
	l.sum += d
	return nil
}

// P11: correct: locks of shards taken and deferred in a loop.
type sharded struct {
	shards [4]struct {
		mu sync.Mutex
		n  int
	}
}

func (s *sharded) total() int {
	t := 0
	for i := range s.shards {
		s.shards[i].mu.Lock() // ok
		defer s.shards[i].mu.Unlock()
		t += s.shards[i].n
	}
	return t
}
