// Package issue13reviewfix holds held-out inputs for the defer-Done fix.
package issue13reviewfix

import "sync"

type result struct {
	id  int
	err error
}

// The fix defers Done first and drops the Done calls at the ends.
func collect(ids []int, fetch func(int) (int, error)) []result {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		out []result
	)
	for _, id := range ids {
		wg.Add(1)
		go func() {
			v, err := fetch(id)
			if err != nil {
				mu.Lock()
				out = append(out, result{id, err})
				mu.Unlock()
				wg.Done()
				return
			}
			if v == 0 {
				return // want `the goroutine can return here without calling wg.Done`
			}
			mu.Lock()
			out = append(out, result{v, nil})
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	return out
}
