// Package realcode holds shapes found on real code that missingdone must
// understand, written small.
package realcode

import (
	"context"
	"sync"
	"time"
)

func poke() {}

// The loop over a ticker never ends by itself: the only way out is the
// return after Done.
func tickerLoop(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		for range time.NewTicker(time.Millisecond).C {
			select {
			case <-ctx.Done():
				wg.Done()
				return
			default:
			}
			poke()
		}
	}() // ok
	wg.Wait()
}

// The Wait is deferred: it runs after the goroutine is started.
func deferredWait(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1) // ok
	defer wg.Wait()
	go func() {
		defer wg.Done()
		<-ctx.Done()
	}()
}

// A callback registered before the Add counts it down.
func callback(register func(func())) {
	var wg sync.WaitGroup
	register(func() { wg.Done() })
	wg.Add(1) // ok
	wg.Wait()
}

// One Add for many goroutines, of which the one that finishes the work
// calls Done.
func firstToFinish(n int, work func() bool) {
	var done sync.WaitGroup
	done.Add(1)
	for i := 0; i < n; i++ {
		go func() {
			for {
				if work() {
					done.Done()
					return
				}
				if i > 3 {
					return // ok: not counted per goroutine
				}
			}
		}()
	}
	done.Wait()
}

// Done per item sent, not per goroutine.
func perItem(items []int, send func(int)) {
	var wg sync.WaitGroup
	wg.Add(len(items))
	go func() {
		for _, it := range items {
			send(it)
			wg.Done()
		}
	}() // ok
	wg.Wait()
}

// Real on the corpus: the loop ends after its bound without the Done the
// cancelled path calls.
func boundedPublisher(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		tick := time.NewTicker(time.Millisecond)
		for i := 0; i < 1000; {
			select {
			case <-ctx.Done():
				wg.Done()
				return
			case <-tick.C:
				i++
			}
		}
	}() // want `the goroutine can return here without calling wg.Done`
	wg.Wait()
}
