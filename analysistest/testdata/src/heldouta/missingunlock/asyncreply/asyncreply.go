// Package asyncreply is nats.go's handleAsyncReply, small: a closure
// handed to time.AfterFunc locks, then calls a closure of the enclosing
// function that releases the lock.
package asyncreply

import (
	"sync"
	"time"
)

type publisher struct {
	mu      sync.Mutex
	pending map[string]int
	onErr   func(error)
}

func (p *publisher) retry(id string, again func() error) { // want retry:"releases p0.mu"
	p.mu.Lock()
	fail := func(err error) {
		delete(p.pending, id)
		cb := p.onErr
		p.mu.Unlock()
		if cb != nil {
			cb(err)
		}
	}
	if p.pending[id] > 0 {
		time.AfterFunc(time.Millisecond, func() {
			p.mu.Lock()
			n := p.pending[id]
			p.mu.Unlock()
			if n == 0 {
				return
			}
			if err := again(); err != nil {
				p.mu.Lock() // ok: fail unlocks it
				fail(err)
			}
		})
		p.mu.Unlock()
		return
	}
	fail(nil)
}

// The captured closure that does not release: still reported.
func (p *publisher) retryKeeps(id string, again func() error) {
	note := func(err error) {
		delete(p.pending, id)
	}
	time.AfterFunc(time.Millisecond, func() {
		p.mu.Lock()
		n := p.pending[id]
		p.mu.Unlock()
		if n == 0 {
			return
		}
		if err := again(); err != nil {
			p.mu.Lock() // want `p.mu is not unlocked on the path through the return at line 62`
			note(err)
		}
	})
}
