package issue13review

import "sync"

// M4: waiting for workers while holding the lock each takes before Done.
type batch struct {
	mu      sync.Mutex
	results []int
}

func (b *batch) run(n int) {
	var wg sync.WaitGroup
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.mu.Lock()
			b.results = append(b.results, i)
			b.mu.Unlock()
		}()
	}
	wg.Wait() // want `while holding b.mu`
}

// M5: correct: the lock is taken after the Wait.
func (b *batch) runFixed(n int) int {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			b.mu.Lock()
			b.results = append(b.results, i)
			b.mu.Unlock()
		}()
	}
	wg.Wait() // ok
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.results)
}

// X1: a closure that locks, called while the lock is held.
type counter2 struct {
	mu sync.Mutex
	n  int
}

func (c *counter2) twice() {
	inc := func() {
		c.mu.Lock()
		c.n++
		c.mu.Unlock()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	inc() // want `locks c.mu, which this path already locked`
}

// X2: a read lock held across a call that write-locks.
type config struct {
	rw   sync.RWMutex
	vals map[string]string
}

func (c *config) set(k, v string) {
	c.rw.Lock()
	c.vals[k] = v
	c.rw.Unlock()
}

func (c *config) setDefault(k, v string) {
	c.rw.RLock()
	defer c.rw.RUnlock()
	if _, ok := c.vals[k]; !ok {
		c.set(k, v) // want `set locks c.rw, which this path already`
	}
}

// X3: two types embedding a Mutex, each method locking itself then the
// other.
type left struct {
	sync.Mutex
	r *right
}

type right struct {
	sync.Mutex
	l *left
}

func (l *left) sync() {
	l.Lock()
	defer l.Unlock()
	l.r.Lock() // want `right.Mutex is taken here while left.Mutex is held`
	l.r.Unlock()
}

func (r *right) sync() {
	r.Lock()
	defer r.Unlock()
	r.l.Lock()
	r.l.Unlock()
}

// X4: correct: the locks of a slice of shards, taken and deferred.
func lockAll(shards []*sync.Mutex) int {
	for _, m := range shards {
		m.Lock() // ok
		defer m.Unlock()
	}
	return len(shards)
}

// X5: the unlock sits in the then branch, the else returns; its caller
// never unlocks.
func (c *counter2) decr() bool {
	c.mu.Lock() // want `c.mu is not unlocked on the path through the return at line 125`
	if c.n > 0 {
		c.n--
		c.mu.Unlock()
	} else {
		return false
	}
	return true
}

func (c *counter2) drain() {
	for c.decr() {
	}
}

// M6: correct: waiting under the lock for workers that never take it.
func (b *batch) sum(vs []int) int {
	var wg sync.WaitGroup
	out := make([]int, len(vs))
	b.mu.Lock()
	defer b.mu.Unlock()
	for i, v := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = v * v
		}()
	}
	wg.Wait() // ok
	t := 0
	for _, x := range out {
		t += x
	}
	return t
}

// M7: correct: the lock is taken and released under two tests of the same
// condition, so no path that can run reaches the Wait holding it (the
// shape of nats-server's jetstream expiry test).
type store interface{ expire() }

type fileStore struct {
	mu sync.Mutex
	n  int
}

func (f *fileStore) expire() {
	f.mu.Lock()
	f.n++
	f.mu.Unlock()
}

type holder struct{ st store }

func (h *holder) expireInParallel(n int) {
	if fs, ok := h.st.(*fileStore); ok {
		fs.mu.Lock()
	}
	var wg sync.WaitGroup
	wg.Add(n)
	for i := 0; i < n; i++ {
		go func() {
			defer wg.Done()
			if fs, ok := h.st.(*fileStore); ok {
				fs.expire()
			}
		}()
	}
	if fs, ok := h.st.(*fileStore); ok {
		fs.mu.Unlock()
	}
	wg.Wait() // ok
}

// M8: correct: the lock is taken and released under two tests of the
// length of the same field (the shape of etcd's storeTxnWrite.End).
type txn struct {
	mu      sync.Mutex
	rev     int64
	changes []int
	end     func()
}

func (t *txn) End() { // want End:"locks p0.mu"
	if len(t.changes) != 0 {
		t.mu.Lock()
		t.rev++
	}
	t.end()
	if len(t.changes) != 0 {
		t.mu.Unlock()
	}
}
