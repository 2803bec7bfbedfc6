// Package issue13reviewfix holds held-out inputs for the defer-unlock fix.
package issue13reviewfix

import (
	"errors"
	"sync"
)

var errEmpty = errors.New("empty")

type Stack[T any] struct {
	mu    sync.Mutex
	items []T
}

// The fix defers the unlock and drops the one before the final return.
func (s *Stack[T]) Pop() (T, error) { // want Pop:"locks p0.mu"
	s.mu.Lock() // want `s.mu is not unlocked on the path through the return at line 21`
	if len(s.items) == 0 {
		var zero T
		return zero, errEmpty
	}
	v := s.items[len(s.items)-1]
	s.items = s.items[:len(s.items)-1]
	s.mu.Unlock()
	return v, nil
}

type cache struct {
	rw sync.RWMutex
	m  map[string]int
}

// A read lock gets a deferred RUnlock, both explicit ones go.
func (c *cache) lookup(k string) int {
	c.rw.RLock() // want `c.rw is not unlocked on the path through the return at line 43`
	v, ok := c.m[k]
	if !ok {
		c.rw.RUnlock()
		return -1
	}
	if v < 0 {
		return 0
	}
	c.rw.RUnlock()
	return v
}

// Inside a loop: no fix offered, the report stays.
func (c *cache) sum(keys []string) int {
	t := 0
	for _, k := range keys {
		c.rw.RLock() // want `c.rw is not unlocked`
		v, ok := c.m[k]
		if !ok {
			return t
		}
		c.rw.RUnlock()
		t += v
	}
	return t
}
