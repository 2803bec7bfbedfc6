// Package proof decides when a check asks the garbage collector to prove
// its goroutines leaked (package leakgc): only once they are more than the
// tolerance and all blocked, and again only while each try
// proves more of them, a bounded number of times.
package proof

import "github.com/leaklint/leaklint/runtime/internal/leakgc"

// Schedule decides when a check asks the collector for a proof:
// when a dump finds more goroutines than the tolerance and all of them
// blocked. A goroutine that is running or sleeping cannot be
// proven, and a check whose goroutines are exiting would pay a full
// collection for nothing, so a check that passes at its first dump (a
// clean test) never runs one.
//
// One collection does not always prove every goroutine it could (the
// collector judges a blocked goroutine by whether the object it waits on
// is marked, which something else may keep for a while). So the check
// tries again at its next dumps, a few times at most, until two tries in
// a row prove nothing new; the goroutines left then keep the timeout.
// Some are never proven: a sync.Mutex, being small and without pointers,
// is allocated by the runtime's tiny allocator inside a 16-byte block it
// shares with other small objects, and the collector marks the whole
// block while any of them is live (leakgc.SeparateTiny keeps fn's objects
// out of the check's blocks). Nothing tells such a goroutine from one
// whose mutex a pending timer's callback will unlock, so it waits.
type Schedule struct {
	tries int
	// stale counts the tries in a row that proved nothing new.
	stale int
	done  bool
	// last is the number of goroutines left unproven by the last try
	// (the check's goroutine count before the first).
	last int
}

// Tries bounds the collections one check runs early.
const Tries = 4

// Due reports whether to run the collection now, given what the dump
// counted. It may be the check's first dump: goroutines on their way out
// are runnable or running, which no proof is tried for, and a goroutine
// that every dump finds blocked would only wait for the timeout.
func (p *Schedule) Due(running, progressing, tolerance, open int) bool {
	if p.done || running <= tolerance || progressing > 0 || open > 0 {
		return false
	}
	switch {
	case p.tries == 0 && !leakgc.Available():
		p.done = true
		return false
	case p.tries == 0:
		p.last = running
	case p.stale >= Stale || p.tries >= Tries:
		p.done = true
		return false
	}
	p.tries++
	return true
}

// Stale is how many tries in a row may prove nothing new
// before the check stops asking: now and then a collection misses a
// goroutine that the next one proves (seen under -race with parallel
// tests, for a lone goroutine blocked on a channel only it holds).
const Stale = 2

// Proved records how many of the check's goroutines the last try left
// unproven.
func (p *Schedule) Proved(unproven int) {
	if unproven < p.last {
		p.stale = 0
	} else {
		p.stale++
	}
	p.last = unproven
}
