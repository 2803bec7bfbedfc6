// Package sealed locks only what no importer can reach: unexported fields
// and variables, each lock released in the function that takes it. Run as
// a dependency it exports no fact (the test has no want for one), though
// Put and Get would carry "locks p0.mu" in a package being checked.
package sealed

import "sync"

type Store struct {
	mu sync.Mutex
	m  map[string]int
}

func (s *Store) Put(k string, v int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m[k] = v
}

func (s *Store) Get(k string) (int, bool) {
	s.mu.Lock()
	v, ok := s.m[k]
	s.mu.Unlock()
	return v, ok
}

var (
	defaultMu sync.RWMutex
	defaults  = map[string]int{}
)

func Default(k string) int {
	defaultMu.RLock()
	defer defaultMu.RUnlock()
	return defaults[k]
}
