package feasible

import "sync"

// slot hands one value over. fill sets done and closes result under mu,
// so a receive that sees done under mu finds result closed and never
// waits.
type slot struct {
	mu     sync.Mutex
	done   bool
	result chan int
}

func newSlot() *slot { return &slot{result: make(chan int, 1)} }

func (s *slot) fill(v int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.done {
		return false
	}
	s.done = true
	s.result <- v
	close(s.result)
	return true
}

func (s *slot) abandon() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := 0
	if s.done {
		if r, ok := <-s.result; ok { // ok: done means result is closed
			v = r
		}
	} else {
		close(s.result)
	}
	s.done = true
	return v
}

// mailbox sets its flag without closing the channel: once the one value
// is taken, a second take finds full true and an empty channel, and waits
// holding mu, which put needs.
type mailbox struct {
	mu   sync.Mutex
	full bool
	ch   chan int
}

func newMailbox() *mailbox { return &mailbox{ch: make(chan int, 1)} }

func (m *mailbox) put(v int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.full = true
	m.ch <- v
}

func (m *mailbox) take() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.full {
		return <-m.ch // want `receives from mailbox.ch while holding m.mu`
	}
	return 0
}
