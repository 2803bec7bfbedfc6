package issue13review

import "sync"

// N1: correct: two nodes of one type locked together are two objects,
// not one lock taken twice.
type node struct {
	mu   sync.Mutex
	next *node
	val  int
}

func (n *node) link(o *node) {
	n.mu.Lock()
	defer n.mu.Unlock()
	o.mu.Lock() // ok
	n.next = o
	o.mu.Unlock()
}

// N2: correct: the unlock runs through a method value taken before.
func (n *node) viaValue() {
	unlock := n.mu.Unlock
	n.mu.Lock() // ok
	n.val++
	unlock()
	n.mu.Lock() // ok
	n.val--
	n.mu.Unlock()
}

// N3: correct: TryLock's failure path goes on without the lock.
func (n *node) maybeBump() {
	if n.mu.TryLock() { // ok
		defer n.mu.Unlock()
		n.val++
	}
	n.val += 0
}

// N4: a callback run under the lock calls back into a method that takes
// it: the goroutine blocks on itself.
type observers struct {
	mu   sync.Mutex
	list []func(int)
	last int
}

func (o *observers) each(f func(func(int))) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, g := range o.list {
		f(g)
	}
}

func (o *observers) add(g func(int)) {
	o.mu.Lock()
	o.list = append(o.list, g)
	o.mu.Unlock()
}

func (o *observers) rewire() {
	o.each(func(g func(int)) { // want `each runs the function literal while holding observers.mu, which the literal locks again`
		o.add(g)
	})
}

// N5: a deferred closure unlocks only on one branch.
type job struct {
	mu   sync.Mutex
	done bool
}

func (j *job) finish(ok bool) {
	j.mu.Lock() // want `j.mu is not unlocked on the path through the return at line 78`
	if !ok {
		return
	}
	defer func() {
		j.done = true
		j.mu.Unlock()
	}()
}

// N6: correct: the callback run under the lock takes another lock only.
func (o *observers) count(s *stats) {
	o.each(func(g func(int)) { // ok
		s.mu.Lock()
		s.n++
		s.mu.Unlock()
	})
}

// N7: correct: the callback takes the lock of another observers value.
func (o *observers) copyTo(p *observers) {
	o.each(func(g func(int)) { // ok: p is another observers value
		p.add(g)
	})
}

// N8: correct: a callee that releases the lock before running the
// callback.
func (o *observers) eachUnlocked(f func(func(int))) {
	o.mu.Lock()
	list := append([]func(int){}, o.list...)
	o.mu.Unlock()
	for _, g := range list {
		f(g)
	}
}

func (o *observers) rewireFixed() {
	o.eachUnlocked(func(g func(int)) { // ok
		o.add(g)
	})
}
