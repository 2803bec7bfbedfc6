// Package proof decides when a check asks the garbage collector to prove
// its goroutines leaked (package leakgc): only once they are still there
// after the first dumps and all blocked, and again only while each try
// proves more of them, a bounded number of times.
package proof

import "github.com/leaklint/leaklint/runtime/internal/leakgc"

// Schedule decides when a check asks the collector for a proof:
// when its goroutines are still there after the first dumps and all of
// them are blocked. A goroutine that is running or sleeping cannot be
// proven, and a check whose goroutines are exiting would pay a full
// collection for nothing, so a check that passes at its first dump (a
// clean test) never runs one.
//
// One collection does not always prove every goroutine it could (the
// collector judges a blocked goroutine by whether the object it waits on
// is marked, which something else may keep for a while). So the check
// tries again at its next dumps, a few times at most, until two tries in
// a row prove nothing new; the goroutines left then keep the timeout.
type Schedule struct {
	tries int
	// stale counts the tries in a row that proved nothing new.
	stale int
	done  bool
	// last is the number of goroutines left unproven by the last try
	// (the check's goroutine count before the first).
	last int
}

// After is the dump from which a proof is tried: the first
// dump often catches goroutines on their way out.
const After = 2

// Tries bounds the collections one check runs early.
const Tries = 4

// Due reports whether to run the collection now, given the dump's
// attempt number and what it counted.
func (p *Schedule) Due(attempt, running, progressing, tolerance, open int) bool {
	if p.done || attempt < After || running <= tolerance || progressing > 0 || open > 0 {
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
