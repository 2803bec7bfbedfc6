package issue13review

import "sync"

// C1: correct: a local cond handed to the goroutine that signals it.
func signaller(c *sync.Cond, flag *bool) {
	c.L.Lock()
	*flag = true
	c.L.Unlock()
	c.Signal()
}

func waitSignal() {
	var mu sync.Mutex
	c := sync.NewCond(&mu)
	ready := false
	go signaller(c, &ready)
	mu.Lock()
	for !ready {
		c.Wait() // ok
	}
	mu.Unlock()
}

// W12: correct: each iteration waits for the goroutine it started.
func oneByOne(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
		wg.Wait() // ok
	}
}

// W13: a Wait before the go statement.
func waitFirst(f func()) {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait`
	wg.Wait()
	go func() {
		defer wg.Done()
		f()
	}()
}

// W14: a worker method on a struct whose Done is deferred in a closure
// that also recovers: correct.
type crawler struct {
	wg   sync.WaitGroup
	seen map[string]bool
	mu   sync.Mutex
}

func (c *crawler) visit(u string, fetch func(string) []string) {
	defer func() {
		recover()
		c.wg.Done()
	}()
	for _, v := range fetch(u) {
		c.mu.Lock()
		if c.seen[v] {
			c.mu.Unlock()
			continue
		}
		c.seen[v] = true
		c.mu.Unlock()
		c.wg.Add(1)
		go c.visit(v, fetch)
	}
}

func (c *crawler) crawl(u string, fetch func(string) []string) {
	c.wg.Add(1)
	go c.visit(u, fetch)
	c.wg.Wait() // ok
}

// W15: Add(2), but the second goroutine starts on one branch only.
func pair(fast bool, a, b func()) {
	var wg sync.WaitGroup
	wg.Add(2) // want `wg.Add counts 2 goroutines, but the path to the Wait at line 95 starts fewer`
	go func() {
		defer wg.Done()
		a()
	}()
	if !fast {
		go func() {
			defer wg.Done()
			b()
		}()
	}
	wg.Wait()
}

// W16: correct: Add(2) and two goroutines on every path.
func pairFixed(a, b func()) {
	var wg sync.WaitGroup
	wg.Add(2) // ok
	go func() {
		defer wg.Done()
		a()
	}()
	go func() {
		defer wg.Done()
		b()
	}()
	wg.Wait()
}

// W17: correct: Add(2), one goroutine, and the other count undone on the
// branch that starts nothing.
func pairUndo(fast bool, a, b func()) {
	var wg sync.WaitGroup
	wg.Add(2) // ok
	go func() {
		defer wg.Done()
		a()
	}()
	if fast {
		wg.Done()
	} else {
		go func() {
			defer wg.Done()
			b()
		}()
	}
	wg.Wait()
}
