// Package mixed holds goroutines that wait on a channel while holding the
// lock the goroutine at the other end needs first.
package mixed

import "sync"

type broker struct {
	mu      sync.Mutex
	events  chan int
	acks    chan int
	spare   chan int
	pending []int
}

func newBroker() *broker {
	b := &broker{events: make(chan int), acks: make(chan int), spare: make(chan int, 8)}
	go b.dispatch()
	go b.pump()
	return b
}

// dispatch takes b.mu between receives: a publisher holding b.mu while it
// sends can find it waiting in Lock.
func (b *broker) dispatch() {
	for ev := range b.events {
		b.mu.Lock()
		b.pending = append(b.pending, ev)
		b.mu.Unlock()
	}
}

func (b *broker) publish(ev int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.events <- ev // want `sends on broker.events while holding b.mu, which the other end of the channel \(mixed.go:25\) needs before it gets there`
}

func (b *broker) publishUnlocked(ev int) {
	b.mu.Lock()
	n := len(b.pending)
	b.mu.Unlock()
	if n < 100 {
		b.events <- ev // ok: sent after the unlock
	}
}

// pump acknowledges without ever taking b.mu.
func (b *broker) pump() {
	for range b.acks {
	}
}

func (b *broker) ack(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.acks <- id // ok: the receiver never needs b.mu
}

func (b *broker) park(id int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.spare <- id // ok: a buffer may take it
}

func (b *broker) drainSpare() {
	for v := range b.spare {
		b.mu.Lock()
		b.pending = append(b.pending, v)
		b.mu.Unlock()
	}
}

// A local lock and channel shared with a closure run by another goroutine.
func handshake(run func(func())) {
	var mu sync.Mutex
	reply := make(chan bool)
	run(func() {
		mu.Lock()
		defer mu.Unlock()
		reply <- true // want `sends on reply while holding mu, which the other end of the channel \(mixed.go:84\) needs before it gets there`
	})
	mu.Lock()
	mu.Unlock()
	<-reply
}

func handshakeFixed(run func(func())) {
	var mu sync.Mutex
	reply := make(chan bool)
	run(func() {
		mu.Lock()
		mu.Unlock()
		reply <- true // ok: sent without the lock
	})
	mu.Lock()
	mu.Unlock()
	<-reply
}
