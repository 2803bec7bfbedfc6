package issue13review

import "sync"

// W18: correct: the recovering closure calls Done on the panic path.
func runGuarded(xs []int, h func(int)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go func() {
			defer func() {
				if r := recover(); r != nil {
					wg.Done()
				}
			}()
			if x < 0 {
				panic("neg")
			}
			h(x)
			wg.Done()
		}()
	}
	wg.Wait()
}

// W19: a generic worker, started from a generic function, returns early
// without Done.
func work[T comparable](x, skip T, wg *sync.WaitGroup, h func(T)) {
	if x == skip {
		return // want `the goroutine can return here without calling wg.Done`
	}
	h(x)
	wg.Done()
}

func runAll2[T comparable](xs []T, skip T, h func(T)) {
	var wg sync.WaitGroup
	for _, x := range xs {
		wg.Add(1)
		go work(x, skip, &wg, h)
	}
	wg.Wait()
}
