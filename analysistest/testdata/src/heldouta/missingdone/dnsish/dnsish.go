// Package dnsish is a server in another package that calls a callback
// once it listens (miekg/dns's Server with its NotifyStartedFunc).
package dnsish

import "sync"

type Server struct {
	NotifyStartedFunc func()
	Addr              string
	lock              sync.Mutex
	started           bool
}

func (s *Server) ListenAndServe() error {
	s.lock.Lock()
	s.Addr = "127.0.0.1:53"
	s.started = true
	s.lock.Unlock()
	return s.serve()
}

func (s *Server) serve() error {
	if s.NotifyStartedFunc != nil {
		s.NotifyStartedFunc()
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	for s.isStarted() {
		wg.Add(1)
		go func() {
			defer wg.Done()
		}()
	}
	return nil
}

func (s *Server) isStarted() bool {
	s.lock.Lock()
	defer s.lock.Unlock()
	return s.started
}

func (s *Server) Shutdown() error {
	s.lock.Lock()
	s.started = false
	s.lock.Unlock()
	return nil
}
