// Package server is miekg/dns's Server, small: ListenAndServe takes its
// lock and releases it through a release func that a helper made over
// the lock as a sync.Locker, deferred and also called early.
package server

import "sync"

type Server struct {
	lock    sync.Mutex
	started bool
	Addr    string
}

func unlockOnce(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

func (s *Server) ListenAndServe() error {
	unlock := unlockOnce(&s.lock)
	s.lock.Lock()
	defer unlock()
	if s.started {
		return nil
	}
	s.started = true
	s.Addr = "127.0.0.1:53"
	unlock()
	return s.serve()
}

func (s *Server) serve() error { return nil }

func (s *Server) Shutdown() {
	s.lock.Lock()
	s.started = false
	s.lock.Unlock()
}

// Hold keeps the lock, with no release func: a lock() helper.
func (s *Server) Hold() {
	s.lock.Lock()
	s.started = true
}
