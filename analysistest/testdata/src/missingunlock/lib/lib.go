// Package lib exports lock helpers whose facts its users rely on.
package lib

import "sync"

type Pool struct {
	mu    sync.Mutex
	conns int
}

// Hold returns with p.mu held; Release gives it back.
func (p *Pool) Hold() { // want Hold:"returns holding p0.mu"
	p.mu.Lock()
}

func (p *Pool) Release() { // want Release:"releases p0.mu"
	p.mu.Unlock()
}

// Grow locks p.mu itself.
func (p *Pool) Grow() { // want Grow:"locks p0.mu"
	p.mu.Lock()
	defer p.mu.Unlock()
	p.conns++
}
