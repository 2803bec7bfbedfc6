package issue13review

import "sync"


// K1: correct: the recovering closure unlocks on the panic path.
func (p *parser) stepSafe(b byte) (err error) { // want stepSafe:"releases p0.mu"
	defer func() {
		if r := recover(); r != nil {
			p.mu.Unlock()
			err = errNeg
		}
	}()
	p.mu.Lock()
	if b == 0 {
		panic("nul")
	}
	p.pos++
	p.mu.Unlock()
	return nil
}

// K2: correct: a named recovering helper, the unlock deferred.
func (p *parser) catch(err *error) {
	if r := recover(); r != nil {
		*err = errNeg
	}
}

func (p *parser) stepHelper(b byte) (err error) {
	defer p.catch(&err)
	p.mu.Lock()
	defer p.mu.Unlock()
	if b == 0 {
		panic("nul")
	}
	p.pos++
	return nil
}

type pair7 struct{ a, b sync.Mutex }

// K3: a function that recovers its own panic takes b then a on the
// branch that panics: expected input, so the order is real against ab.
func (q *pair7) check(bad bool) (err error) {
	defer func() {
		if recover() != nil {
			err = errNeg
		}
	}()
	q.b.Lock()
	defer q.b.Unlock()
	if bad {
		q.a.Lock() // want `pair7.a is taken here while pair7.b is held \(line 51\), but in the opposite order at round7.go:63`
		defer q.a.Unlock()
		panic("bad")
	}
	return nil
}

func (q *pair7) ab() {
	q.a.Lock()
	q.b.Lock()
	q.b.Unlock()
	q.a.Unlock()
}
