package issue13review

import (
	"sync"
	"time"
)

// G1: a generic guarded value whose Update keeps the lock when f fails.
type Guarded[T any] struct {
	mu  sync.Mutex
	val T
}

func (g *Guarded[T]) Update(f func(T) (T, error)) error { // want Update:"locks p0.mu"
	g.mu.Lock() // want `g.mu is not unlocked on the path through the return at line 18`
	v, err := f(g.val)
	if err != nil {
		return err
	}
	g.val = v
	g.mu.Unlock()
	return nil
}

// G2: correct: With runs f under the lock by design (callback held across).
func (g *Guarded[T]) With(f func(*T)) { // want With:"locks p0.mu"
	g.mu.Lock()
	defer g.mu.Unlock()
	f(&g.val)
}

// G3: correct: a sleep-poll loop that unlocks before sleeping.
type poller6 struct {
	mu sync.Mutex
	n  int
}

func (p *poller6) wait() {
	for {
		p.mu.Lock()
		if p.n > 0 {
			p.mu.Unlock()
			return
		}
		p.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// G4: lock in a switch, one case returns without unlock.
func (p *poller6) op(k int) int {
	p.mu.Lock() // want `p.mu is not unlocked on the path through the return at line 58`
	switch k {
	case 0:
		p.mu.Unlock()
		return 0
	case 1:
		return p.n
	}
	p.mu.Unlock()
	return -1
}

// G6: goroutine inside a loop capturing the lock, with defers in loops.
func fan(n int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	t := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
			t += i
		}()
	}
	wg.Wait()
	return t
}

// G7: goroutine inside loop that returns early holding the lock.
func fanBad(n int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	t := 0
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock() // want `mu is not unlocked on the path through the return at line 93`
			if i == 3 {
				return
			}
			t += i
			mu.Unlock()
		}()
	}
	wg.Wait()
	return t
}
