package mustclose

import "unclosedstream/pool"

func _() error {
	l, err := pool.Take() // want `the Lease created here is not released by Return on the path through the return at line 11: it leaks`
	if err != nil {
		return err
	}
	_ = l
	return nil
}

func _() error {
	l, err := pool.Take() // ok
	if err != nil {
		return err
	}
	defer l.Return()
	return nil
}

func _() {
	l := pool.Current() // ok: not a constructor
	_ = l
}

func _() {
	l := pool.Tracked() // ok: the pool keeps it
	_ = l
}

func _() {
	c := pool.Dial() // want `the Conn created here is not closed`
	_ = c
}

// A pool behind an interface: its method has no body to learn from, so
// a must-close result is fresh.
type leaser interface {
	Take() (*pool.Lease, error)
}

func _(p leaser) error {
	l, err := p.Take() // want `the Lease created here is not released by Return`
	if err != nil {
		return err
	}
	_ = l
	return nil
}
