package feasible

import "sync"

type guarded struct {
	sync.RWMutex
	hits int
}

func parallel(n int, body func()) {
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body()
		}()
	}
	wg.Wait()
}

// Each goroutine running the closure has its own g: the only writer of
// it is the same goroutine, after it let go of both read locks.
func perGoroutine() {
	parallel(4, func() {
		var g guarded
		for i := 0; i < 10; i++ {
			g.RLock()
			g.RLock() // ok: no other goroutine can reach g
			g.RUnlock()
			g.RUnlock()
			g.Lock()
			g.hits++
			g.Unlock()
		}
	})
}

// Here the goroutines share g: one of them write-locking it between
// another's two read locks blocks both.
func shared() {
	var g guarded
	parallel(4, func() {
		g.RLock()
		g.RLock() // want `g is read-locked again while this path holds its read lock`
		g.RUnlock()
		g.RUnlock()
		g.Lock()
		g.hits++
		g.Unlock()
	})
}

// A deferred unlock does not share the lock with anyone either; the
// write lock is taken by a caller that made g its own too.
func perCall(g *guarded) int {
	g.RLock()
	defer g.RUnlock()
	return g.hits
}

func ownGuarded() int {
	var g guarded
	g.RLock()
	defer g.RUnlock()
	g.RLock() // ok: g is this call's own
	n := g.hits
	g.RUnlock()
	return n
}

func bump(g *guarded) {
	g.Lock()
	g.hits++
	g.Unlock()
}
