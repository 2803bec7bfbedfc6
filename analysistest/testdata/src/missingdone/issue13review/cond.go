package issue13review

import (
	"sync"
	"time"
)

// D12: a server waits on a cond that nothing signals: shutdown only sets
// the flag.
type server struct {
	mu      sync.Mutex
	drained *sync.Cond
	active  int
	closing bool
}

func newServer() *server {
	s := &server{}
	s.drained = sync.NewCond(&s.mu)
	return s
}

func (s *server) finish() {
	s.mu.Lock()
	s.active--
	s.mu.Unlock()
}

func (s *server) shutdown() {
	s.mu.Lock()
	s.closing = true
	for s.active > 0 {
		s.drained.Wait() // want `waits on s.drained, which nothing in the package Signals or Broadcasts`
	}
	s.mu.Unlock()
}

// D13: correct: the cond is broadcast through a method value given to a
// timer.
type ticker struct {
	mu    sync.Mutex
	tick  *sync.Cond
	count int
}

func newTicker(d time.Duration) *ticker {
	t := &ticker{}
	t.tick = sync.NewCond(&t.mu)
	time.AfterFunc(d, t.tick.Broadcast)
	return t
}

func (t *ticker) waitTick() {
	t.mu.Lock()
	t.tick.Wait() // ok
	t.mu.Unlock()
}

// D14: correct: a local cond signalled by the goroutine it starts.
func handoff(v int) int {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go func() {
		mu.Lock()
		ready = true
		v++
		mu.Unlock()
		c.Signal()
	}()
	mu.Lock()
	for !ready {
		c.Wait() // ok
	}
	mu.Unlock()
	return v
}

// D15: a local cond nothing signals.
func stuck() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	c.Wait() // want `waits on c, which nothing Signals or Broadcasts`
	mu.Unlock()
}
