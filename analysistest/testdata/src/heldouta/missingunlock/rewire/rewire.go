// Package rewire is nats.go's ordered-consumer reset, small: a method
// called with sub.mu held releases it before it takes the connection's
// subsMu, so the order subsMu then sub.mu elsewhere is no inversion.
package rewire

import "sync"

type conn struct {
	mu     sync.Mutex
	subsMu sync.RWMutex
	subs   map[int64]*sub
	ssid   int64
}

type sub struct {
	mu     sync.Mutex
	conn   *conn
	sid    int64
	max    int
	closed bool
}

// newSID is called with s.mu held; it lets go of it around subsMu.
func (s *sub) newSID() (int64, bool) {
	nc := s.conn
	s.mu.Unlock()

	nc.subsMu.Lock()
	if nc.subs[s.sid] != s {
		nc.subsMu.Unlock()
		s.mu.Lock()
		return 0, false
	}
	delete(nc.subs, s.sid)
	nc.ssid++
	s.sid = nc.ssid
	nc.subs[s.sid] = s
	nc.subsMu.Unlock()

	s.mu.Lock()
	return s.sid, true
}

// reset is called with s.mu held.
func (s *sub) reset() {
	nc := s.conn
	if s.closed {
		return
	}
	if s.max > 0 {
		// Unsubscribe in a goroutine: it takes subsMu on its own.
		go func() {
			nc.mu.Lock()
			nc.subsMu.RLock()
			_ = nc.subs[s.sid]
			nc.subsMu.RUnlock()
			nc.mu.Unlock()
		}()
		return
	}
	if _, ok := s.newSID(); !ok {
		return
	}
	go func() {
		s.mu.Lock()
		s.max++
		s.mu.Unlock()
	}()
}

func (s *sub) check() {
	s.mu.Lock()
	s.reset() // ok: newSID releases s.mu before it takes subsMu
	s.mu.Unlock()
}

func (nc *conn) registered(s *sub, sid int64) bool {
	nc.mu.Lock()
	defer nc.mu.Unlock()
	nc.subsMu.RLock()
	s.mu.Lock() // ok
	ok := nc.subs[sid] == s && !s.closed
	s.mu.Unlock()
	nc.subsMu.RUnlock()
	return ok
}

// The same with a callee that keeps the caller's lock while it takes
// subsMu: an inversion, still reported.
type conn2 struct {
	subsMu sync.RWMutex
	subs   map[int64]*sub2
}

type sub2 struct {
	mu   sync.Mutex
	conn *conn2
	sid  int64
}

func (s *sub2) lookup() bool {
	nc := s.conn
	nc.subsMu.Lock()
	defer nc.subsMu.Unlock()
	return nc.subs[s.sid] == s
}

func (s *sub2) reset() bool { return s.lookup() }

func (s *sub2) check() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reset() // want `conn2.subsMu is taken here while sub2.mu is held`
}

func (nc *conn2) registered(s *sub2, sid int64) bool {
	nc.subsMu.RLock()
	defer nc.subsMu.RUnlock()
	s.mu.Lock()
	defer s.mu.Unlock()
	return nc.subs[sid] == s
}
