// Package rwrnowriter takes a read lock twice on one path, but nothing
// in the package ever write-locks it: no writer can wedge in between.
package rwrnowriter

import "sync"

type table struct {
	mu   sync.RWMutex
	rows []string
}

func (t *table) Len() int { // want Len:"locks p0.mu"
	t.mu.RLock()
	defer t.mu.RUnlock()
	return len(t.rows)
}

func (t *table) Empty() bool { // want Empty:"locks p0.mu"
	t.mu.RLock()
	defer t.mu.RUnlock()
	return t.Len() == 0 // ok: no writer in the package
}
