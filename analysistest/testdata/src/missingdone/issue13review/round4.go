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
