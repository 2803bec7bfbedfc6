// Package issue13review holds held-out inputs written while reviewing
// missingdone (issue 13): each rule's leak next to its correct variant.
package issue13review

import (
	"log"
	"sync"
	"time"
)

// D1: a worker pool whose goroutine returns early on a nil job.
func runAll(jobs []func() error) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			if j == nil {
				return // want `the goroutine can return here without calling wg.Done`
			}
			_ = j()
			wg.Done()
		}()
	}
	wg.Wait()
}

// D2: correct: Done deferred first.
func runAllFixed(jobs []func() error) {
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if j == nil {
				return // ok
			}
			_ = j()
		}()
	}
	wg.Wait()
}

// D3: Add before a continue that skips the go statement.
func fanOut(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait at line 56`
		if u == "" {
			continue
		}
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// D4: correct: the check comes before the Add.
func fanOutFixed(urls []string, fetch func(string)) {
	var wg sync.WaitGroup
	for _, u := range urls {
		if u == "" {
			continue
		}
		wg.Add(1) // ok
		go func() {
			defer wg.Done()
			fetch(u)
		}()
	}
	wg.Wait()
}

// D5: a named worker whose early return skips Done.
type stage struct {
	wg  sync.WaitGroup
	out []int
	mu  sync.Mutex
}

func (s *stage) worker(v int) {
	if v < 0 {
		log.Printf("skip %d", v)
		return // want `the goroutine can return here without calling s.wg.Done`
	}
	s.mu.Lock()
	s.out = append(s.out, v)
	s.mu.Unlock()
	s.wg.Done()
}

func (s *stage) run(vs []int) {
	for _, v := range vs {
		s.wg.Add(1)
		go s.worker(v)
	}
	s.wg.Wait()
}

// D6: a recovered panic skips a Done that is not deferred.
func guarded(items []int, handle func(int)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			if it < 0 {
				panic("negative item") // want `the goroutine can return here, through a panic it recovers, without calling wg.Done`
			}
			handle(it)
			wg.Done()
		}()
	}
	wg.Wait()
}

// D7: correct: Done through a method value handed to time.AfterFunc.
func delayed(n int) {
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		time.AfterFunc(time.Millisecond, wg.Done)
	}
	wg.Wait() // ok
}

// D8: correct: Done through a callback parameter.
func withDone(done func(), f func()) {
	defer done()
	f()
}

func callbacks(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go withDone(wg.Done, f)
	}
	wg.Wait() // ok
}

// D9: a nil-group guard that also tests a second condition: a non-nil
// group is left without Done when verbose is false.
func report(wg *sync.WaitGroup, verbose bool, msg string) {
	if wg != nil && verbose {
		defer wg.Done()
	}
	if verbose {
		log.Print(msg)
	}
} // want `the goroutine can return here without calling wg.Done`

func reportAll(msgs []string, verbose bool) {
	var wg sync.WaitGroup
	for _, m := range msgs {
		wg.Add(1)
		go report(&wg, verbose, m) // reported where report returns
	}
	wg.Wait()
}

// D10: correct: the nil-group guard alone.
func report2(wg *sync.WaitGroup, msg string) {
	if wg != nil {
		defer wg.Done()
	}
	log.Print(msg)
}

func reportAll2(msgs []string) {
	var wg sync.WaitGroup
	for _, m := range msgs {
		wg.Add(1)
		go report2(&wg, m) // ok
	}
	wg.Wait()
}

// D11: correct: WaitGroup.Go counts and finishes on its own.
func goAll(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(f)
	}
	wg.Wait() // ok
}

// D8b: correct: Done through a closure handed to the started function.
func callbacks2(fs []func()) {
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Add(1)
		go withDone(func() { wg.Done() }, f)
	}
	wg.Wait() // ok
}

// D6b: correct: the recovered panic still runs the deferred Done.
func guardedFixed(items []int, handle func(int)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					log.Print(r)
				}
			}()
			if it < 0 {
				panic("negative item") // ok
			}
			handle(it)
		}()
	}
	wg.Wait()
}
