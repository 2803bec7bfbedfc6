// Package recursive locks along a chain of parents by recursion, the
// shape of testing.common: the call is met on several paths, each time
// with more of the summary being built, and the lock keys through parent
// must not depend on the order a map is ranged over.
package recursive

import "sync"

type Node struct {
	a, b, c, d sync.Mutex
	n          int
	parent     *Node
}

func (x *Node) Bump(k int) { // want Bump:"^locks p0.a; locks p0.b; locks p0.c; locks p0.d; locks p0.parent\\*.d$"
	if k > 0 {
		x.a.Lock()
		x.n++
		x.a.Unlock()
	}
	if k > 1 {
		x.b.Lock()
		x.n++
		x.b.Unlock()
	}
	if k > 2 {
		x.c.Lock()
		x.n++
		x.c.Unlock()
	}
	x.d.Lock()
	x.n++
	x.d.Unlock()
	if x.parent != nil {
		x.parent.Bump(k)
	}
}
