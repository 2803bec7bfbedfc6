package issue13review

import (
	"sync"
	"sync/atomic"
	"time"
)

// S1: correct: timer callbacks count the group down, and a loop that spins
// until they have all fired is not an iteration of the counted loop, even
// though both sit in an outer loop (the shape of the standard library's
// timer benchmark).
func fireRounds(rounds int, timers int) {
	var wg sync.WaitGroup
	var fired int32
	for r := 0; r < rounds; r++ {
		wg.Add(timers) // ok
		atomic.StoreInt32(&fired, 0)
		for j := 0; j < timers; j++ {
			time.AfterFunc(time.Millisecond, func() {
				atomic.AddInt32(&fired, 1)
				wg.Done()
			})
		}
		for atomic.LoadInt32(&fired) < int32(timers) {
		}
		wg.Wait()
	}
}
