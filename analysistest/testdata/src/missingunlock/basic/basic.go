// Package basic exercises missingunlock's path rules on one receiver type.
package basic

import (
	"errors"
	"sync"
)

type cache struct {
	mu    sync.Mutex
	rw    sync.RWMutex
	items map[string]int
	ready bool
}

// --- a lock left held on some path ---

func (c *cache) earlyReturn(k string) int {
	c.mu.Lock() // want `c.mu is not unlocked on the path through the return at line 21`
	if v, ok := c.items[k]; ok {
		return v
	}
	c.mu.Unlock()
	return 0
}

func (c *cache) deferred(k string) int {
	c.mu.Lock() // ok: deferred
	defer c.mu.Unlock()
	if v, ok := c.items[k]; ok {
		return v
	}
	return 0
}

func (c *cache) everyBranch(k string) int {
	c.mu.Lock() // ok: each branch unlocks
	if v, ok := c.items[k]; ok {
		c.mu.Unlock()
		return v
	}
	c.mu.Unlock()
	return 0
}

func (c *cache) panics(k string) int {
	c.mu.Lock() // ok: the other path ends in a panic
	v, ok := c.items[k]
	if !ok {
		panic("missing " + k)
	}
	c.mu.Unlock()
	return v
}

// lockAll is a lock() helper: it returns holding c.mu on every path.
func (c *cache) lockAll() { // want lockAll:"returns holding p0.mu"
	c.mu.Lock() // ok: handed to the caller
}

// unlockAll is its unlock() helper.
func (c *cache) unlockAll() { // want unlockAll:"releases p0.mu"
	c.mu.Unlock()
}

func (c *cache) viaHelpers(k string) int {
	c.lockAll() // ok: unlockAll releases it on every path
	defer c.unlockAll()
	return c.items[k]
}

func (c *cache) helperSlip(k string) int {
	c.lockAll() // want `the lock lockAll returns holding is not unlocked on the path through the return at line 75`
	if k == "" {
		return -1
	}
	c.unlockAll()
	return 0
}

// acquire returns holding c.mu exactly when it returns a nil error: a
// conditional lock() helper, exported so its callers are elsewhere.
func (c *cache) Acquire() error { // want Acquire:"locks p0.mu"
	c.mu.Lock() // ok: held only on success, as documented
	if !c.ready {
		c.mu.Unlock()
		return errors.New("not ready")
	}
	return nil
}

func (c *cache) handedToGoroutine() {
	c.mu.Lock() // ok: the goroutine unlocks it
	go func() {
		defer c.mu.Unlock()
		c.items = nil
	}()
}

func (c *cache) deferredClosure() {
	c.mu.Lock() // ok: the deferred closure unlocks
	defer func() {
		c.mu.Unlock()
	}()
	if c.ready {
		return
	}
	c.items = nil
}

func (c *cache) correlated(locked bool) {
	if locked {
		c.mu.Lock() // ok: the same condition guards the unlock
	}
	c.items = nil
	if locked {
		c.mu.Unlock()
	}
}

func (c *cache) tryLock() bool {
	if !c.mu.TryLock() { // ok: the failure branch does not hold it
		return false
	}
	defer c.mu.Unlock()
	return true
}

func (c *cache) tryLockSlip() {
	if c.mu.TryLock() { // want `c.mu is not unlocked on the path through the return at line 132`
		if c.ready {
			return
		}
		c.mu.Unlock()
	}
}

func (c *cache) countedLoop() {
	for i := 0; i < 3; i++ {
		c.mu.Lock() // ok: the last iteration is the only one that keeps it
		if i < 2 {
			c.mu.Unlock()
			continue
		}
		break
	}
	c.mu.Unlock()
}

// --- a lock taken again on the same path ---

func (c *cache) twice() {
	c.mu.Lock()
	if c.ready {
		c.mu.Lock() // want `c.mu is locked again while this path already locked it at line 153`
	}
	c.mu.Unlock()
}

func (c *cache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items = map[string]int{}
}

func (c *cache) resetLocked() {
	c.items = map[string]int{}
}

func (c *cache) clearThroughCall() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.reset() // want `reset locks c.mu, which this path already locked at line 171`
}

func (c *cache) clearRight() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.resetLocked() // ok: the Locked variant does not lock
}

func (c *cache) relockAfterUnlock() {
	c.mu.Lock()
	c.items = nil
	c.mu.Unlock()
	c.mu.Lock() // ok: released in between
	c.mu.Unlock()
}

// waitLocked drops the caller's lock while it waits, then takes it back.
func (c *cache) waitLocked() {
	c.mu.Unlock()
	c.ready = true
	c.mu.Lock()
}

func (c *cache) callsWaitLocked() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waitLocked() // ok: it releases before it locks
}

func otherInstance(a, b *cache) {
	a.mu.Lock()
	defer a.mu.Unlock()
	b.mu.Lock() // ok: another cache
	b.mu.Unlock()
}

// --- RWR: a read lock taken again while a writer may wait ---

func (c *cache) size() int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return len(c.items)
}

func (c *cache) describe() int {
	c.rw.RLock()
	defer c.rw.RUnlock()
	return c.size() // want `c.rw is read-locked at line 219 and read-locked again inside size on this path`
}

func (c *cache) store(k string, v int) {
	c.rw.Lock() // the writer that makes the recursive read lock a deadlock
	defer c.rw.Unlock()
	c.items[k] = v
}

// --- AB-BA ---

type account struct {
	mu  sync.Mutex
	bal int
}

type ledger struct {
	mu      sync.Mutex
	entries []int
}

func transfer(a *account, l *ledger) {
	a.mu.Lock()
	defer a.mu.Unlock()
	l.mu.Lock() // want `ledger.mu is taken here while account.mu is held \(line 243\), but in the opposite order at basic.go:253`
	defer l.mu.Unlock()
	l.entries = append(l.entries, a.bal)
}

func audit(l *ledger, a *account) {
	l.mu.Lock()
	defer l.mu.Unlock()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.bal = len(l.entries)
}

type registry struct {
	mu   sync.Mutex
	gate sync.Mutex
	byID map[int]*account
}

type index struct {
	mu sync.Mutex
}

// Both orders of registry.mu and index.mu happen only under
// registry.gate: they cannot interleave.
func (r *registry) addUnderGate(ix *index) {
	r.gate.Lock()
	defer r.gate.Unlock()
	r.mu.Lock() // ok: gated
	ix.mu.Lock()
	ix.mu.Unlock()
	r.mu.Unlock()
}

func (r *registry) removeUnderGate(ix *index) {
	r.gate.Lock()
	defer r.gate.Unlock()
	ix.mu.Lock() // ok: gated
	r.mu.Lock()
	r.mu.Unlock()
	ix.mu.Unlock()
}

// --- a goroutine that exits holding a lock ---

func (c *cache) forgetfulWorker() {
	go func() {
		c.mu.Lock() // want `the goroutine exits still holding c.mu on every path`
		c.items = nil
	}()
}

func (c *cache) handBack(done chan struct{}) { // want handBack:"releases p0.mu"
	go func() {
		c.mu.Lock() // ok: the creator unlocks it once told
		close(done)
	}()
	<-done
	c.mu.Unlock()
}

// An exported getter that returns (v, true) holding the lock is a slip, not
// a conditional lock helper: its name takes nothing, and nothing here
// unlocks after calling it.
func (c *cache) Lookup(k string) (int, bool) { // want Lookup:"locks p0.mu"
	c.mu.Lock() // want `c.mu is not unlocked on the path through the return at line`
	if c.ready {
		return len(k), true
	}
	c.mu.Unlock()
	return 0, false
}

// An exported function whose name says it takes the lock hands it over on
// success.
func (c *cache) LockIfReady() bool { // want LockIfReady:"locks p0.mu"
	c.mu.Lock() // ok: held only when it reports true, as its name says
	if !c.ready {
		c.mu.Unlock()
		return false
	}
	return true
}

// TryLock on a mutex this path holds fails at once: no self-deadlock.
func tryWhileHeld(mu *sync.Mutex) bool {
	mu.Lock()
	defer mu.Unlock()
	return mu.TryLock() // ok: TryLock never blocks
}

// A mutex locked twice by a goroutine that never unlocks it, where another
// goroutine does the unlocking: the second Lock waits for that goroutine.
func handOffUnlock() {
	var mu sync.Mutex
	ready := make(chan bool)
	go func() {
		<-ready
		mu.Unlock()
	}()
	mu.Lock()
	ready <- true
	mu.Lock() // ok: the other goroutine unlocks it
}

// The same double Lock where nothing anywhere unlocks: the goroutine
// blocks on itself.
func selfLocked() {
	go func() {
		var mu sync.Mutex
		mu.Lock()
		mu.Lock() // want `mu is locked again while this path already locked it`
	}()
}
