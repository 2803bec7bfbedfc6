package mixed

import (
	"sync"
	"time"
)

// The other end reaches the channel only after a receive that a goroutine
// taking the same lock must complete first: a chain of two waits.

type queue struct {
	mu    sync.Mutex
	items []int
}

// drain holds q.mu until stop is closed.
func (q *queue) drain(stop <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.items = q.items[:0]
	<-stop // want `receives from stop while holding q.mu, which the other end of the channel \(chain.go:36\) needs before it gets there, since it first waits on added \(chain.go:44\) for a goroutine that takes the lock: both block for ever`
}

func (q *queue) add(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
}

// runDrain closes stop only once the goroutine that locks q.mu has
// closed added: while drain holds q.mu, neither moves.
func runDrain() {
	q := &queue{}
	stop := make(chan struct{})
	added := make(chan struct{})
	defer close(stop)
	go q.drain(stop)
	go func() {
		q.mu.Lock()
		q.items = append(q.items, 1)
		q.mu.Unlock()
		close(added)
	}()
	<-added
}

type queue2 struct {
	mu    sync.Mutex
	items []int
}

func (q *queue2) drain(stop <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	<-stop // ok: the closer gives up waiting for added after a second
}

func runDrainTimeout() {
	q := &queue2{}
	stop := make(chan struct{})
	added := make(chan struct{})
	defer close(stop)
	go q.drain(stop)
	go func() {
		q.mu.Lock()
		q.mu.Unlock()
		close(added)
	}()
	select {
	case <-added:
	case <-time.After(time.Second):
	}
}

type queue3 struct {
	mu    sync.Mutex
	items []int
}

func (q *queue3) drain(stop <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	<-stop // ok: the closer waits for added only on one branch
}

func runDrainSometimes(wait bool) {
	q := &queue3{}
	stop := make(chan struct{})
	added := make(chan struct{})
	defer close(stop)
	go q.drain(stop)
	go func() {
		q.mu.Lock()
		q.mu.Unlock()
		close(added)
	}()
	if wait {
		<-added
	}
}

type queue4 struct {
	mu    sync.Mutex
	items []int
}

func (q *queue4) drain(stop <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	<-stop // ok: added is closed without the lock
}

func runDrainNoLock() {
	q := &queue4{}
	stop := make(chan struct{})
	added := make(chan struct{})
	defer close(stop)
	go q.drain(stop)
	go func() {
		close(added)
	}()
	<-added
}

type queue5 struct {
	mu    sync.Mutex
	items []int
}

func (q *queue5) drain(stop <-chan struct{}) {
	q.mu.Lock()
	defer q.mu.Unlock()
	<-stop // ok: added was closed before drain started, and its closer let go of the lock
}

func runDrainAfter() {
	q := &queue5{}
	stop := make(chan struct{})
	added := make(chan struct{})
	go func() {
		q.mu.Lock()
		q.mu.Unlock()
		close(added)
	}()
	<-added
	go q.drain(stop)
	close(stop)
}

// The same chain through fields, with the close in line.
type pool struct {
	mu      sync.Mutex
	quit    chan struct{}
	flushed chan struct{}
	n       int
}

func newPool() *pool {
	p := &pool{quit: make(chan struct{}), flushed: make(chan struct{})}
	go p.serve()
	go p.flush()
	return p
}

func (p *pool) serve() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.n++
	<-p.quit // want `receives from pool.quit while holding p.mu, which the other end of the channel \(chain.go:181\) needs before it gets there, since it first waits on pool.flushed \(chain.go:180\) for a goroutine that takes the lock: both block for ever`
}

func (p *pool) flush() {
	p.mu.Lock()
	p.n = 0
	p.mu.Unlock()
	close(p.flushed)
}

func (p *pool) Close() {
	<-p.flushed
	close(p.quit)
}

// The goroutine that holds the lock completes the first wait itself.
type relay struct {
	mu    sync.Mutex
	ready chan struct{}
	stop  chan struct{}
}

func newRelay() *relay {
	r := &relay{ready: make(chan struct{}), stop: make(chan struct{})}
	go r.run()
	return r
}

func (r *relay) run() {
	r.mu.Lock()
	defer r.mu.Unlock()
	close(r.ready)
	<-r.stop // ok: Close waits on ready, which run itself closes before it blocks
}

func (r *relay) touch() {
	r.mu.Lock()
	r.mu.Unlock()
}

func (r *relay) Close() {
	<-r.ready
	close(r.stop)
}
