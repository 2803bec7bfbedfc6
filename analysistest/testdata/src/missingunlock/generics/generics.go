// Package generics checks missingunlock on generic code: mutexes kept in
// generic structs, and locks taken through a type parameter constrained by
// sync.Locker.
package generics

import "sync"

// --- a generic struct holding a sync.Mutex ---

type cache[K comparable, V any] struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[K]V
}

func (c *cache[K, V]) get(k K, def V) V {
	c.mu.Lock() // want `c.mu is not unlocked on the path through the return at line 19`
	if v, ok := c.items[k]; ok {
		return v
	}
	c.mu.Unlock()
	return def
}

func (c *cache[K, V]) getDeferred(k K) (V, bool) {
	c.mu.Lock() // ok: deferred
	defer c.mu.Unlock()
	v, ok := c.items[k]
	return v, ok
}

func (c *cache[K, V]) put(k K, v V) {
	c.rw.Lock() // ok: each path unlocks
	if c.items == nil {
		c.items = map[K]V{}
	}
	c.items[k] = v
	c.rw.Unlock()
}

// instantiate makes the generic methods reachable from concrete code too.
func instantiate() {
	var c cache[string, int]
	c.put("a", 1)
	c.get("a", 0)
	c.getDeferred("a")
}

// --- a generic function locking through a type parameter ---

// A Lock called on a value of a type parameter is an invoke whose receiver
// type is the parameter, not sync.Locker: the pass does not follow it yet,
// so these must at least be analysed without a crash or a guess. withLock
// leaks on its error path; reporting it is future work.

func withLock[L sync.Locker](l L, f func() error) error {
	l.Lock()
	if err := f(); err != nil {
		return err
	}
	l.Unlock()
	return nil
}

func withLockDeferred[L sync.Locker](l L, f func()) {
	l.Lock() // ok: deferred
	defer l.Unlock()
	f()
}

func callers(mu *sync.Mutex, rw *sync.RWMutex) {
	withLockDeferred(mu, func() {})
	withLockDeferred(rw.RLocker(), func() {})
}

// --- a generic struct whose lock is a type parameter ---

type guarded[M sync.Locker, T any] struct {
	mu  M
	val T
}

func (g *guarded[M, T]) set(v T, ok bool) {
	g.mu.Lock()
	if !ok {
		return
	}
	g.val = v
	g.mu.Unlock()
}

func (g *guarded[M, T]) swap(v T) T {
	g.mu.Lock() // ok: deferred
	defer g.mu.Unlock()
	old := g.val
	g.val = v
	return old
}

func useGuarded() {
	g := &guarded[*sync.Mutex, int]{mu: new(sync.Mutex)}
	g.set(1, true)
	g.swap(2)
}
