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

// registryMu and outMu are unexported globals: no importer can hold
// them when it calls in, so the functions that only lock them carry no
// fact, and their callers need no analysis.
var (
	registryMu sync.Mutex
	registry   = map[string]int{}
	outMu      sync.Mutex
	out        []string
)

func Register(name string) { // ok: no fact
	registryMu.Lock()
	registry[name]++
	registryMu.Unlock()
}

// Print locks outMu, which BeginOutput hands to its caller: a caller
// holding it may call Print, so Print keeps its fact.
func Print(s string) { // want Print:`locks g:missingunlock/lib.outMu`
	outMu.Lock()
	out = append(out, s)
	outMu.Unlock()
}

func BeginOutput() { // want BeginOutput:`returns holding g:missingunlock/lib.outMu`
	outMu.Lock()
}

func EndOutput() { // want EndOutput:`releases g:missingunlock/lib.outMu`
	outMu.Unlock()
}
