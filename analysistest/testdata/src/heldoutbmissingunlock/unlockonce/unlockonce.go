// Package unlockonce is the shape of github.com/miekg/dns's Server, met
// through moby's libnetwork resolver (held-out corpus b): the lock is
// released by a deferred func value that a helper returns, wrapping the
// lock's Unlock in a sync.Once so that an earlier explicit call and the
// deferred one release it once.
package unlockonce

import "sync"

type Server struct {
	lock    sync.Mutex
	started bool
}

func unlockOnce(l sync.Locker) func() {
	var once sync.Once
	return func() { once.Do(l.Unlock) }
}

// Serve releases the lock on every path, through unlock; the analysis
// cannot follow the func value, so it must not say Serve returns holding
// the lock.
func (s *Server) Serve() error { // want Serve:`locks p0.lock`
	unlock := unlockOnce(&s.lock)
	s.lock.Lock()
	defer unlock()
	if s.started {
		return nil
	}
	s.started = true
	unlock()
	return s.serve()
}

func (s *Server) serve() error { return nil }

// Start serves in a goroutine: nothing is left held when it exits.
func Start(s *Server) {
	go func() {
		_ = s.Serve()
	}()
}

// hold really returns holding its lock (no deferred call): still a fact.
func (s *Server) hold() { // want hold:`returns holding p0.lock`
	s.lock.Lock()
}

// StartHeld's goroutine exits holding the lock hold took.
func StartHeld(s *Server) {
	go func() {
		s.hold() // want `the goroutine exits still holding the lock hold returns holding on every path`
	}()
}
