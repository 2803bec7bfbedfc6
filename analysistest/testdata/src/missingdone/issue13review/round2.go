package issue13review

import (
	"context"
	"errors"
	"sync"
)

// W1: Add(len) counts every item, a continue skips some go statements.
func processAll(items []string, do func(string)) {
	var wg sync.WaitGroup
	wg.Add(len(items)) // want `wg.Add counts a goroutine for each iteration of the loop, but the branch at line 14 ends an iteration without starting one: the Wait at line 22 blocks for ever`
	for _, it := range items {
		if it == "" {
			continue
		}
		go func() {
			defer wg.Done()
			do(it)
		}()
	}
	wg.Wait()
}

// W2: a Done only on the receive branch of a select.
func consume(ctx context.Context, in <-chan int, sink func(int)) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		select {
		case <-ctx.Done():
			return // want `the goroutine can return here without calling wg.Done`
		case v := <-in:
			sink(v)
			wg.Done()
		}
	}()
	wg.Wait()
}

// W3: correct: an errgroup-like wrapper whose Go counts and defers Done.
type group struct {
	wg   sync.WaitGroup
	once sync.Once
	err  error
}

func (g *group) Go(f func() error) { // want Go:"may call Done on p0.wg"
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.once.Do(func() { g.err = err })
		}
	}()
}

func (g *group) Wait() error {
	g.wg.Wait() // ok
	return g.err
}

// W4: a return inside a range over a channel skips the Done after the
// loop.
func drainUntil(in <-chan int, stop int) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for v := range in {
			if v == stop {
				return // want `the goroutine can return here without calling wg.Done`
			}
		}
		wg.Done()
	}()
	wg.Wait()
}

// W5: Add, then the go statement on one branch only.
func maybeStart(ok bool, work func(*sync.WaitGroup)) {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait`
	if ok {
		go work(&wg)
	}
	wg.Wait()
}

// W6: a generic parallel map whose goroutine returns early on error.
var errStop = errors.New("stop")

func pmap[T, R any](in []T, f func(T) (R, error)) []R {
	out := make([]R, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Add(1)
		go func() {
			r, err := f(v)
			if err != nil {
				return // want `the goroutine can return here without calling wg.Done`
			}
			out[i] = r
			wg.Done()
		}()
	}
	wg.Wait()
	return out
}

// W7: correct: the generic map with the Done deferred.
func pmapFixed[T, R any](in []T, f func(T) (R, error)) []R {
	out := make([]R, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := f(v)
			if err != nil {
				return // ok
			}
			out[i] = r
		}()
	}
	wg.Wait()
	return out
}

// W8: correct: an early return that calls Done itself.
func earlyDone(vs []int) {
	var wg sync.WaitGroup
	for _, v := range vs {
		wg.Add(1)
		go func() {
			if v < 0 {
				wg.Done()
				return // ok
			}
			_ = v * 2
			wg.Done()
		}()
	}
	wg.Wait()
}

// W9: a cond whose only Broadcast sits in a function nothing calls is
// still a Broadcast: not reported (the rule asks for none at all).
type latch struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newLatch() *latch {
	l := &latch{}
	l.cond = sync.NewCond(&l.mu)
	return l
}

func (l *latch) release() {
	l.mu.Lock()
	l.open = true
	l.mu.Unlock()
	l.cond.Broadcast()
}

func (l *latch) await() {
	l.mu.Lock()
	for !l.open {
		l.cond.Wait() // ok
	}
	l.mu.Unlock()
}

// W1b: correct: the skipping iteration counts itself down.
func processAllFixed(items []string, do func(string)) {
	var wg sync.WaitGroup
	wg.Add(len(items)) // ok
	for _, it := range items {
		if it == "" {
			wg.Done()
			continue
		}
		go func() {
			defer wg.Done()
			do(it)
		}()
	}
	wg.Wait()
}

// W1c: Add(n) before a counting loop that skips odd iterations.
func evens(n int, do func(int)) {
	var wg sync.WaitGroup
	wg.Add(n) // want `wg.Add counts a goroutine for each iteration of the loop, but the branch at line 197`
	for i := 0; i < n; i++ {
		if i%2 == 1 {
			continue
		}
		go func() {
			defer wg.Done()
			do(i)
		}()
	}
	wg.Wait()
}

// W1d: correct: every iteration starts its goroutine.
func every(n int, do func(int)) {
	var wg sync.WaitGroup
	wg.Add(n) // ok
	for i := range n {
		go func() {
			defer wg.Done()
			do(i)
		}()
	}
	wg.Wait()
}

// W1e: Add(len(m)) before a range over the map that breaks early.
func visit(m map[string]int, do func(int)) {
	var wg sync.WaitGroup
	wg.Add(len(m)) // want `wg.Add counts a goroutine for each iteration of the loop, but the branch at line 226`
	for _, v := range m {
		if v < 0 {
			break
		}
		go func() {
			defer wg.Done()
			do(v)
		}()
	}
	wg.Wait()
}
