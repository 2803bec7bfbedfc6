// Package txn is etcd's mvcc store shape: Write and Read return a
// transaction holding the store's read lock, and the transaction's End,
// called through an interface, releases it.
package txn

import "sync"

type TxnWrite interface {
	Put(k string)
	End()
}

type store struct {
	mu sync.RWMutex
	m  map[string]bool
}

type storeTxn struct{ s *store }

func (t *storeTxn) Put(k string) { t.s.m[k] = true }
func (t *storeTxn) End()         { t.s.mu.RUnlock() } // want End:"releases p0.s\\*.mu"

// Write hands the read lock to the transaction it returns.
func (s *store) Write() TxnWrite { // want Write:"locks p0.mu"
	s.mu.RLock()
	return &storeTxn{s}
}

func (s *store) Compact() { // want Compact:"locks p0.mu"
	s.mu.Lock()
	defer s.mu.Unlock()
	s.m = map[string]bool{}
}

// Each round ends its transaction before the next one starts.
func writesInSequence(s *store, keys []string) {
	for _, k := range keys {
		txn := s.Write() // ok
		txn.Put(k)
		txn.End()
	}
}

// A goroutine that ends its transaction does not exit holding the lock.
func writerGoroutine(s *store, done chan<- struct{}) {
	go func() {
		tx := s.Write() // ok
		tx.Put("a")
		tx.End()
		done <- struct{}{}
	}()
}

// lockedMap returns holding the lock and a plain value: still a lock()
// helper, its callers are checked.
func (s *store) lockedMap() map[string]bool { // want lockedMap:"returns holding p0.mu"
	s.mu.Lock()
	return s.m
}

// A goroutine that takes it through the helper and never unlocks it.
func exitsHolding(s *store) {
	go func() {
		m := s.lockedMap() // want `the goroutine exits still holding the lock lockedMap returns holding`
		m["a"] = true
	}()
}
