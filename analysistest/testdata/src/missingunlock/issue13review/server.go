package issue13review

import (
	"sync"
	"testing"
)

// P31: correct: a queue with mu + cond, Wait in a loop, Broadcast on put.
type queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *queue) take() int {
	q.mu.Lock() // ok
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// P32: taking from a queue through a method that locks again.
func (q *queue) takeTwo() (int, int) {
	q.mu.Lock()
	defer q.mu.Unlock()
	a := q.take() // want `take locks q.mu, which this path already locked`
	return a, a
}

// P33: a test that hands the object to a goroutine and fails with the lock
// held: the goroutine waits for ever on q.mu.
func TestQueueLeak(t *testing.T) { // want TestQueueLeak:"locks p0.common.mu"
	q := newQueue()
	go q.put(1)
	q.mu.Lock() // want `q.mu is not unlocked on the path through the return`
	if len(q.items) > 5 {
		t.Errorf("too many")
		return
	}
	q.mu.Unlock()
}

// P34: correct: the test's own object, given to no goroutine, dies with
// the failed test.
func TestQueueOwn(t *testing.T) { // want TestQueueOwn:"locks p0.common.mu"
	q := newQueue()
	q.mu.Lock() // ok
	if len(q.items) != 0 {
		t.Fatalf("not empty")
	}
	q.mu.Unlock()
}
