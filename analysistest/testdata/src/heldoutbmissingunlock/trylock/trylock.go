// Package trylock is the shape of moby's daemon/mounts_test.go (held-out
// corpus b): the result of TryLock is kept and tested again later, and
// the second test must not take the lock a second time.
package trylock

import "sync"

type container struct {
	sync.Mutex
	n int
}

func cleanup(c *container) { c.n = 0 }

// Either now, under the lock TryLock took, or later under Lock.
func CleanupNowOrLater(c *container, wait func()) { // want CleanupNowOrLater:`locks p0.Mutex`
	now := c.TryLock()
	if now {
		cleanup(c)
		c.Unlock()
	}
	wait()
	if !now {
		c.Lock()
		cleanup(c)
		c.Unlock()
	}
}

// The second test of the kept result is the one that unlocks.
func UnlockLater(c *container) { // want UnlockLater:`locks p0.Mutex`
	ok := c.TryLock()
	if ok {
		c.n++
	}
	c.n--
	if ok {
		c.Unlock()
	}
}

// Still reported: the lock TryLock took is kept on the path where the
// later test skips the unlock.
func ForgetToUnlock(c *container, done bool) { // want ForgetToUnlock:`locks p0.Mutex`
	ok := c.TryLock() // want `c is not unlocked on the path through the return at line 52`
	if !ok {
		return
	}
	if done {
		c.Unlock()
	}
}

// A loop retrying TryLock: each round's outcome is its own.
func Retry(c *container, rounds int) bool { // want Retry:`locks p0.Mutex`
	for range rounds {
		if c.TryLock() {
			c.n++
			c.Unlock()
			continue
		}
		c.n--
	}
	return true
}
