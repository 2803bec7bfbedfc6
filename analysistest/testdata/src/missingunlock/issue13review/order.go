package issue13review

import "sync"

// P12: AB-BA through a lock helper: lockBoth takes a then b, swap takes
// b then a.
type pair struct {
	a, b sync.Mutex
	x, y int
}

func (p *pair) lockBoth() { // want lockBoth:"returns holding p0.a; returns holding p0.b"
	p.a.Lock()
	p.b.Lock() // want `pair.b is taken here while pair.a is held \(line 13\), but in the opposite order at order.go:30`
}

func (p *pair) unlockBoth() { // want unlockBoth:"releases p0.a; releases p0.b"
	p.b.Unlock()
	p.a.Unlock()
}

func (p *pair) sum() int {
	p.lockBoth()
	defer p.unlockBoth()
	return p.x + p.y
}

func (p *pair) swap() {
	p.b.Lock()
	p.a.Lock() // reported at the other site, line 14
	p.x, p.y = p.y, p.x
	p.a.Unlock()
	p.b.Unlock()
}

// P13: correct: the same two locks always taken a before b.
type pair2 struct {
	a, b sync.Mutex
	x, y int
}

func (p *pair2) one() {
	p.a.Lock()
	p.b.Lock() // ok
	p.x++
	p.b.Unlock()
	p.a.Unlock()
}

func (p *pair2) two() {
	p.a.Lock()
	defer p.a.Unlock()
	p.b.Lock() // ok
	defer p.b.Unlock()
	p.y++
}

// P14: an AB-BA whose second order sits on a path that recovers its own
// panic: the orders are taken before the panic, so the deadlock is real.
type pair3 struct {
	a, b sync.Mutex
	n    int
}

func (p *pair3) forward() {
	p.a.Lock()
	p.b.Lock() // want `pair3.b is taken here while pair3.a is held`
	p.n++
	p.b.Unlock()
	p.a.Unlock()
}

func (p *pair3) backward() (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = errNeg
		}
	}()
	p.b.Lock()
	defer p.b.Unlock()
	p.a.Lock()
	defer p.a.Unlock()
	p.n--
	panic("rewind")
}

// P15: correct: a misuse branch that panics while holding a takes b: the
// branch is an assertion, not a path a program runs.
type pair4 struct {
	a, b sync.Mutex
	n    int
}

func (p *pair4) forward() {
	p.a.Lock()
	p.b.Lock() // ok
	p.n++
	p.b.Unlock()
	p.a.Unlock()
}

func (p *pair4) check() {
	p.b.Lock()
	defer p.b.Unlock()
	if p.n < 0 {
		p.a.Lock()
		panic("negative count")
	}
}

// P16: RWR: a read lock taken again through a method while a writer
// exists.
type registry struct {
	rw    sync.RWMutex
	names map[string]int
}

func (r *registry) has(k string) bool {
	r.rw.RLock()
	defer r.rw.RUnlock()
	_, ok := r.names[k]
	return ok
}

func (r *registry) hasBoth(a, b string) bool {
	r.rw.RLock()
	defer r.rw.RUnlock()
	return r.has(a) && r.has(b) // want `r.rw is read-locked at line 126 and read-locked again inside has on this path` `r.rw is read-locked at line 126 and read-locked again inside has`
}

func (r *registry) add(k string) {
	r.rw.Lock()
	r.names[k] = len(r.names)
	r.rw.Unlock()
}

// P17: RWR on a local RWMutex that a goroutine write-locks: the lock is
// reachable from another goroutine, so the second RLock can block.
func localRWR(n int) int {
	var rw sync.RWMutex
	v := 0
	go func() {
		rw.Lock()
		v = n
		rw.Unlock()
	}()
	rw.RLock()
	a := v
	rw.RLock() // want `rw is read-locked again while this path holds its read lock from line 147`
	b := v
	rw.RUnlock()
	rw.RUnlock()
	return a + b
}

// P18: correct: a local RWMutex nobody else can reach.
func localNoRWR(n int) int {
	var rw sync.RWMutex
	rw.RLock()
	rw.RLock() // ok
	v := n
	rw.RUnlock()
	rw.RUnlock()
	rw.Lock()
	rw.Unlock()
	return v
}

// P19: once.Do runs a function that takes the lock the caller holds.
type lazy struct {
	mu   sync.Mutex
	once sync.Once
	v    int
}

func (l *lazy) init() {
	l.mu.Lock()
	l.v = 1
	l.mu.Unlock()
}

func (l *lazy) get() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.once.Do(l.init) // want `init locks l.mu, which this path already locked`
	return l.v
}

// P20: correct: once.Do outside the lock.
func (l *lazy) getFixed() int {
	l.once.Do(l.init) // ok
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.v
}

// P12b: correct: a lock helper taking a then b, used with its unlock
// helper, and nothing taking them the other way round.
type pairOK struct {
	a, b sync.Mutex
	x, y int
}

func (p *pairOK) lockBoth() { // want lockBoth:"returns holding p0.a; returns holding p0.b"
	p.a.Lock()
	p.b.Lock() // ok
}

func (p *pairOK) unlockBoth() { // want unlockBoth:"releases p0.a; releases p0.b"
	p.b.Unlock()
	p.a.Unlock()
}

func (p *pairOK) sum() int {
	p.lockBoth() // ok
	defer p.unlockBoth()
	return p.x + p.y
}

// P35: a panic recovered by the function itself leaves the lock held:
// the path does not end in the panic, it returns.
type parser struct {
	mu  sync.Mutex
	pos int
}

func (p *parser) step(b byte) (err error) {
	defer func() {
		if recover() != nil {
			err = errNeg
		}
	}()
	p.mu.Lock() // want `p.mu is not unlocked on the path through a panic the function recovers, returning at line 240`
	if b == 0 {
		panic("nul byte")
	}
	p.pos++
	p.mu.Unlock()
	return nil
}

// P36: correct: the recovered panic unlocks through a defer.
func (p *parser) stepFixed(b byte) (err error) {
	defer func() {
		if recover() != nil {
			err = errNeg
		}
	}()
	p.mu.Lock() // ok
	defer p.mu.Unlock()
	if b == 0 {
		panic("nul byte")
	}
	p.pos++
	return nil
}

// P37: correct: a deferred closure that recovers only to log and panic
// again does not stop the panic: the path still ends in it.
func (p *parser) stepLogged(b byte) {
	defer func() {
		if r := recover(); r != nil {
			println("parser:", r)
			panic(r)
		}
	}()
	p.mu.Lock() // ok
	if b == 0 {
		panic("nul byte")
	}
	p.pos++
	p.mu.Unlock()
}
