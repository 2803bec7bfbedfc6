package pool // want package:"provides resources"

// Lease must be handed back with Return.
//
//leaklint:mustclose Return
type Lease struct{ id int } // want Lease:"must be released by Return"

func (l *Lease) Return() {} // want Return:"ignores param 0"

// Take is learnt as a constructor: it returns a fresh Lease.
func Take() (*Lease, error) { // want Take:"returns resource in result 0"
	return &Lease{id: 1}, nil
}

var current = &Lease{}

// Current returns a shared lease that the caller does not own.
func Current() *Lease { return current } // want Current:"borrows result 0"

// Tracked is not a constructor: it keeps what it returns.
func Tracked() *Lease {
	l := &Lease{}
	all = append(all, l)
	return l
}

var all []*Lease

// Conn is released by Close, the default.
//
//leaklint:mustclose
type Conn struct{} // want Conn:"must be released by Close"

func (*Conn) Close() error { return nil } // want Close:"ignores param 0"

func Dial() *Conn { return new(Conn) } // want Dial:"returns resource in result 0"

//leaklint:mustclose Return Twice // want `at most one method`
type Bad struct{}
