package fix

import "sync"

func check(int) bool { return true }

func scan(ids []int) {
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Add(1)
		go func() {
			if !check(id) {
				return // want `the goroutine can return here without calling wg.Done`
			}
			check(id + 1)
			wg.Done()
		}()
	}
	wg.Wait()
}
