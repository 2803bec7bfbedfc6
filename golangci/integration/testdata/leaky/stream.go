package leaky

import "example.com/leaky/pool"

// Lease must be released: the directive makes it must-close.
//
//leaklint:mustclose Release
type Lease struct{ held bool }

// Acquire takes a Lease.
func Acquire() *Lease { return &Lease{held: true} }

// Release gives the Lease back.
func (l *Lease) Release() { l.held = false }

// Held reports whether l is still held.
func (l *Lease) Held() bool { return l.held }

// Check never releases its Lease.
func Check() bool {
	l := Acquire() // L:lease
	return l.Held()
}

// Ping never closes its Conn; only a must-close setting makes that a
// finding.
func Ping() bool {
	c := pool.Dial() // L:conn
	return c.Ping()
}
