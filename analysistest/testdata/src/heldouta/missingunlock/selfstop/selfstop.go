// Package selfstop is nats.go's push consumer, small: the message handler
// holds the subscription's lock and, on a terminal status, calls Stop,
// which takes the same lock again.
package selfstop

import (
	"sync"
	"sync/atomic"
)

type subscription struct {
	sync.Mutex
	closed atomic.Bool
	done   chan struct{}
}

func (s *subscription) Stop() { // want Stop:"locks p0.Mutex"
	if !s.closed.CompareAndSwap(false, true) {
		return
	}
	s.Lock()
	defer s.Unlock()
	close(s.done)
}

func terminal(status string) bool { return status == "409" }

func (s *subscription) handle(status string) {
	s.Lock()
	if terminal(status) {
		s.Stop() // want `Stop locks s, which this path already locked at line 29`
	}
	s.Unlock()
}
