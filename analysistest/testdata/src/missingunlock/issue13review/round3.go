package issue13review

import (
	"sync"
	"testing"
	"time"
)

// M1: a select of two receives while holding the lock every sender takes
// first.
type router struct {
	mu    sync.Mutex
	up    chan int
	down  chan int
	count int
}

func newRouter() *router {
	r := &router{up: make(chan int), down: make(chan int)}
	go r.feed()
	return r
}

func (r *router) feed() {
	for i := 0; ; i++ {
		r.mu.Lock()
		r.count++
		r.mu.Unlock()
		if i%2 == 0 {
			r.up <- i
		} else {
			r.down <- i
		}
	}
}

func (r *router) next() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	select { // want `while holding r.mu`
	case v := <-r.up:
		return v
	case v := <-r.down:
		return -v
	}
}

// M2: correct: the same select with a timeout cannot block for ever.
func (r *router) nextOrTimeout() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	select { // ok
	case v := <-r.up:
		return v
	case v := <-r.down:
		return -v
	case <-time.After(time.Second):
		return 0
	}
}

// M3: a receive under the lock whose sender takes it through a helper.
type feeder struct {
	mu  sync.Mutex
	out chan int
	n   int
}

func newFeeder() *feeder {
	f := &feeder{out: make(chan int)}
	go f.produce()
	return f
}

func (f *feeder) bump() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.n++
	return f.n
}

func (f *feeder) produce() {
	for {
		f.out <- f.bump()
	}
}

func (f *feeder) take() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return <-f.out // want `receives from feeder.out while holding f.mu`
}

// T1: a test whose constructor started the object's loop, then fails and
// returns holding its lock: the loop waits for the lock for ever. (A
// t.Fatal path is not reported: the test has already failed.)
func TestRouterLeak(t *testing.T) { // want TestRouterLeak:"locks p0.common.mu"
	r := newRouter()
	r.mu.Lock() // want `r.mu is not unlocked on the path through the return`
	if r.count > 100 {
		t.Errorf("count %d", r.count)
		return
	}
	r.mu.Unlock()
}

// T2: correct: a test's own cache, shared with nobody, dies with it.
func TestStatsOwn(t *testing.T) { // want TestStatsOwn:"locks p0.common.mu"
	s := &stats{}
	s.mu.Lock() // ok
	if s.n != 0 {
		t.Fatalf("n = %d", s.n)
	}
	s.mu.Unlock()
}
