// Package realcode holds shapes found on real code that missingunlock
// must understand, written small.
package realcode

import "sync"

// A read lock taken once per loop iteration and released as many times
// by a second loop: the count is not followed, so nothing is reported.
func readersInLoops(n int) {
	var mu sync.RWMutex
	i := 0
	for ; i < n; i++ {
		mu.RLock() // ok: released by the loop below as many times
	}
	for ; i > 0; i-- {
		mu.RUnlock()
	}
}

type server struct {
	metricsMu sync.Mutex
	calls     int
}

// A flag makes sure the lock is taken once across iterations, and the
// deferred unlock releases it at the return.
func (s *server) flagGuarded(reqs []int) {
	locked := false
	for _, r := range reqs {
		if r > 0 && !locked {
			s.metricsMu.Lock() // ok: once, the flag guards the next iterations
			defer s.metricsMu.Unlock()
			locked = true
		}
		s.calls++
	}
}

type conn struct {
	mu    sync.Mutex
	owner *pool
}

type pool struct {
	mu    sync.Mutex
	idle  []*conn
	first *conn
}

// reconnectAndUnlock is called with c.mu held and releases it before it
// takes the pool's lock: no order between the two is established.
func (c *conn) reconnectAndUnlock() { // want reconnectAndUnlock:"releases p0.mu"
	c.mu.Unlock()
	c.owner.mu.Lock()
	c.owner.idle = append(c.owner.idle, c)
	c.owner.mu.Unlock()
}

func (c *conn) reconnect() {
	c.mu.Lock()
	c.reconnectAndUnlock() // ok: c.mu is released before pool.mu is taken
}

func (p *pool) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		c.mu.Lock()
		c.owner = nil
		c.mu.Unlock()
	}
}

// closeFirst takes the pool's lock, then a conn's: the only order there is.
func (p *pool) closeFirst() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.first.mu.Lock() // ok
	p.first.owner = nil
	p.first.mu.Unlock()
}
