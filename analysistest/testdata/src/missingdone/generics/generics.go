// Package generics checks missingdone on generic code: WaitGroups used in
// generic functions over type parameters, and kept in generic structs.
package generics

import "sync"

// --- a generic fan-out whose goroutine can skip Done ---

func fanOut[T any](items []T, f func(T) error) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			if err := f(it); err != nil {
				return // want `the goroutine can return here without calling wg.Done`
			}
			wg.Done()
		}()
	}
	wg.Wait()
}

func fanOutDeferred[T any](items []T, f func(T)) {
	var wg sync.WaitGroup
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done() // ok: deferred
			f(it)
		}()
	}
	wg.Wait()
}

// --- a generic worker that calls Done on its parameter ---

func worker[T any](wg *sync.WaitGroup, x T, f func(T)) {
	defer wg.Done()
	f(x)
}

func startWorkers[T any](xs []T, f func(T)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go worker(&wg, x, f) // ok: worker calls Done
	}
	wg.Wait()
}

// --- a generic struct holding a WaitGroup ---

type pool[T any] struct {
	wg   sync.WaitGroup
	jobs chan T
}

func (p *pool[T]) run(n int, f func(T) bool) {
	for range n {
		p.wg.Add(1)
		go func() {
			for j := range p.jobs {
				if !f(j) {
					return // want `the goroutine can return here without calling p.wg.Done`
				}
			}
			p.wg.Done()
		}()
	}
	p.wg.Wait()
}

func use() {
	p := &pool[int]{jobs: make(chan int)}
	p.run(2, func(int) bool { return true })
	fanOut([]string{"a"}, func(string) error { return nil })
	fanOutDeferred([]int{1}, func(int) {})
	startWorkers([]int{1}, func(int) {})
}
