package fix

import "sync"

type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) add(d int) int {
	c.mu.Lock() // want `c.mu is not unlocked on the path through the return at line 13`
	if d == 0 {
		return c.n
	}
	c.n += d
	c.mu.Unlock()
	return c.n
}

func (c *counter) reset(force bool) {
	c.mu.Lock() // want `c.mu is not unlocked`
	if !force && c.n == 0 {
		return
	}
	c.n = 0
	c.mu.Unlock()
}

func (c *counter) busy() {
	c.mu.Lock() // want `c.mu is not unlocked`
	if c.n > 10 {
		return
	}
	c.mu.Unlock()
	c.n++ // runs unlocked: deferring would change that, so no fix
}
