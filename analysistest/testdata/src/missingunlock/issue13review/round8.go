package issue13review

import "sync"

type table8 struct {
	rw   sync.RWMutex
	rows map[int]int
}

// T1: TryRLock success path keeps the read lock on a miss.
func (t *table8) peek(k int) (int, bool) {
	if !t.rw.TryRLock() { // want `t.rw is not unlocked on the path through the return at line 17`
		return 0, false
	}
	v, ok := t.rows[k]
	if !ok {
		return 0, false
	}
	t.rw.RUnlock()
	return v, true
}

// T2: a generic type embedding its mutex: Set keeps it on skip.
type Locked[T any] struct {
	sync.Mutex
	v T
}

func (l *Locked[T]) Set(v T, skip bool) { // want Set:"locks p0.Mutex"
	l.Lock() // want `l is not unlocked on the path through the return at line 32`
	if skip {
		return
	}
	l.v = v
	l.Unlock()
}

// T3: a double lock through the embedded mutex of a generic type.
func (l *Locked[T]) Get() T { // want Get:"locks p0.Mutex"
	l.Lock()
	defer l.Unlock()
	return l.v
}

func (l *Locked[T]) Twice() (T, T) { // want Twice:"locks p0.Mutex"
	l.Lock()
	defer l.Unlock()
	return l.Get(), l.v // want `Get locks l, which this path already locked at line 46`
}

// T4: correct: TryRLock, then the RUnlock deferred.
func (t *table8) peekOK(k int) (int, bool) {
	if !t.rw.TryRLock() {
		return 0, false
	}
	defer t.rw.RUnlock()
	v, ok := t.rows[k]
	return v, ok
}

// T5: a generic method calling another on the same receiver under its
// named lock.
type Box[T any] struct {
	mu sync.Mutex
	v  T
}

func (b *Box[T]) Load() T { // want Load:"locks p0.mu"
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.v
}

func (b *Box[T]) Swap(v T) T { // want Swap:"locks p0.mu"
	b.mu.Lock()
	defer b.mu.Unlock()
	old := b.Load() // want `Load locks b.mu, which this path already locked at line 75`
	b.v = v
	return old
}

// T6: correct: the generic method loads before taking the lock.
func (b *Box[T]) SwapFixed(v T) T { // want SwapFixed:"locks p0.mu"
	old := b.Load() // ok
	b.mu.Lock()
	defer b.mu.Unlock()
	b.v = v
	return old
}
