// Package basic exercises missingdone's rules.
package basic

import (
	"errors"
	"sync"
)

func fetch(int) error { return nil }

// --- a Done the goroutine can skip ---

func skipOnError(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if err := fetch(id); err != nil {
				return // want `the goroutine can return here without calling wg.Done`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func deferredDone(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done() // ok: every path
			if err := fetch(id); err != nil {
				return
			}
		}()
	}
	wg.Wait()
}

func doneOnBothBranches(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if err := fetch(id); err != nil {
				wg.Done() // ok
				return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func Worker(id int, wg *sync.WaitGroup) { // want Worker:"calls Done on p1"
	defer wg.Done()
	_ = fetch(id)
}

func viaHelper(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go Worker(id, &wg) // ok: the helper defers Done
	}
	wg.Wait()
}

func panicsOtherwise(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if id < 0 {
				panic("negative id") // ok: not a return
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

// --- Add counting a goroutine that is not started ---

func skipBeforeGo(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait at line 98`
		if id == 0 {
			continue
		}
		go func() {
			defer wg.Done()
			_ = fetch(id)
		}()
	}
	wg.Wait()
}

func skipAfterCheck(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		if id == 0 {
			continue
		}
		wg.Add(1) // ok: counted only when started
		go func() {
			defer wg.Done()
			_ = fetch(id)
		}()
	}
	wg.Wait()
}

func countedAndCancelled(ids []int) error {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1) // ok: Done undoes the count on the skipping path
		if id == 0 {
			wg.Done()
			continue
		}
		go func() {
			defer wg.Done()
			_ = fetch(id)
		}()
	}
	wg.Wait()
	return errors.New("done")
}

// --- Wait inside the loop that starts the counted goroutines ---

func waitInLoop(ids []int) {
	var wg sync.WaitGroup
	wg.Add(len(ids))
	for _, id := range ids {
		go func() {
			defer wg.Done()
			_ = fetch(id)
		}()
		wg.Wait() // want `wg.Wait is inside the loop that starts the goroutines counted by the Add at line 137`
	}
}

func waitAfterLoop(ids []int) {
	var wg sync.WaitGroup
	wg.Add(len(ids))
	for _, id := range ids {
		go func() {
			defer wg.Done()
			_ = fetch(id)
		}()
	}
	wg.Wait() // ok
}

// --- a cond nothing signals, a group nothing counts down ---

type gate struct {
	mu     sync.Mutex
	opened *sync.Cond
	closed *sync.Cond
	isOpen bool
	tasks  sync.WaitGroup
	jobs   sync.WaitGroup
}

func newGate() *gate {
	g := &gate{}
	g.opened = sync.NewCond(&g.mu)
	g.closed = sync.NewCond(&g.mu)
	return g
}

func (g *gate) waitOpen() {
	g.mu.Lock()
	for !g.isOpen {
		g.opened.Wait() // want `waits on g.opened, which nothing in the package Signals or Broadcasts`
	}
	g.mu.Unlock()
}

func (g *gate) waitClosed() {
	g.mu.Lock()
	for g.isOpen {
		g.closed.Wait() // ok: close broadcasts
	}
	g.mu.Unlock()
}

func (g *gate) close() {
	g.mu.Lock()
	g.isOpen = false
	g.closed.Broadcast()
	g.mu.Unlock()
}

func (g *gate) start() {
	g.tasks.Add(1)
	g.jobs.Add(1)
	go g.job()
}

func (g *gate) job() {
	g.jobs.Done()
}

func (g *gate) drain() {
	g.tasks.Wait() // want `waits on g.tasks, which Add counts up but nothing in the package counts down with Done`
	g.jobs.Wait()  // ok: job calls Done
}

// Exported is a cond other packages may signal.
type Exported struct {
	Ready *sync.Cond
}

func (e *Exported) Await() {
	e.Ready.L.Lock()
	e.Ready.Wait() // ok: exported, signalled elsewhere
	e.Ready.L.Unlock()
}

// --- the same for a cond or a group that lives in a function ---

func localCond(ready func() bool) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	mu.Lock()
	for !ready() {
		c.Wait() // want `waits on c, which nothing Signals or Broadcasts`
	}
	mu.Unlock()
}

func localCondSignalled(ready func() bool) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	go func() {
		mu.Lock()
		c.Broadcast()
		mu.Unlock()
	}()
	mu.Lock()
	for !ready() {
		c.Wait() // ok: the goroutine broadcasts
	}
	mu.Unlock()
}

func localCondHandedOut(ready func() bool, register func(*sync.Cond)) {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	register(c)
	mu.Lock()
	for !ready() {
		c.Wait() // ok: whoever got it may signal
	}
	mu.Unlock()
}

func localGroupNeverDone() {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		_ = fetch(1)
	}()
	wg.Wait() // want `waits on wg, which Add counts up but nothing counts down with Done`
}
