package service

import "sync"

// Fetch loads one item.
type Fetch func(id int) (string, error)

// FetchAll loads every id concurrently and returns what loaded.
//
// LEAK (missingdone): a goroutine whose fetch fails returns before Done, so
// Wait never returns and the caller's goroutine blocks for ever.
func FetchAll(ids []int, fetch Fetch) []string {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for _, id := range ids {
		wg.Add(1)
		go func() {
			v, err := fetch(id)
			if err != nil {
				return
			}
			mu.Lock()
			got = append(got, v)
			mu.Unlock()
			wg.Done()
		}()
	}
	wg.Wait()
	return got
}

// FetchAllFixed is FetchAll with Done deferred as the goroutine's first
// statement (the pass's suggested fix): every way out of it counts down.
func FetchAllFixed(ids []int, fetch Fetch) []string {
	var (
		wg  sync.WaitGroup
		mu  sync.Mutex
		got []string
	)
	for _, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := fetch(id)
			if err != nil {
				return
			}
			mu.Lock()
			got = append(got, v)
			mu.Unlock()
		}()
	}
	wg.Wait()
	return got
}
