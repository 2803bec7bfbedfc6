package leak

import (
	"github.com/leaklint/leaklint/runtime/internal/leakgc"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorMarkDefinite runs the garbage collection that proves leaks,
// where the runtime has it (decided at run time: Go 1.27, or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile). Goroutines blocked on something no
// running goroutine can reach are then printed as "(leaked)", which the
// report turns into definite leaks. It reports whether the collection ran.
func detectorMarkDefinite() bool { return leakgc.Collect() }

// detectorProof decides when a check asks the collector for a proof:
// when its goroutines are still there after the first dumps and all of
// them are blocked. A goroutine that is running or sleeping cannot be
// proven, and a check whose goroutines are exiting would pay a full
// collection for nothing, so a check that passes at its first dump (a
// clean test) never runs one.
//
// One collection does not always prove every goroutine it could: the
// collector judges a blocked goroutine by whether the object it waits on
// is marked, and a live neighbour in the same small-object block, or a
// goroutine the collection still counted as maybe runnable, keeps it
// marked. So the check tries again at its next dumps while each try proves
// more goroutines than the one before, a few times at most; a try that
// proves nothing new ends it, and the goroutines left keep the timeout.
type detectorProof struct {
	tries int
	done  bool
	// last is the number of goroutines left unproven by the last try,
	// before by the one before it (the check's goroutine count before the
	// first).
	last, before int
}

// detectorProofAfter is the dump from which a proof is tried: the first
// dump often catches goroutines on their way out.
const detectorProofAfter = 2

// detectorProofTries bounds the collections one check runs early.
const detectorProofTries = 4

// due reports whether to run the collection now, given the dump's
// attempt number and what it counted.
func (p *detectorProof) due(attempt, running, progressing, tolerance, open int) bool {
	if p.done || attempt < detectorProofAfter || running <= tolerance || progressing > 0 || open > 0 {
		return false
	}
	switch {
	case p.tries == 0 && !leakgc.Available():
		p.done = true
		return false
	case p.tries == 0:
		p.last = running
	case p.last >= p.before || p.tries >= detectorProofTries:
		p.done = true
		return false
	}
	p.tries++
	return true
}

// proved records how many of the check's goroutines the last try left
// unproven.
func (p *detectorProof) proved(unproven int) { p.before, p.last = p.last, unproven }

// unproven returns how many of the check's goroutines the dump shows, and
// how many of those the collector has not proven leaked.
func (s *detectorSession) unproven(dump []byte) (owned, unproven int) {
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.owns(&g) {
			owned++
			if !g.Leaked {
				unproven++
			}
		}
	}
	return owned, unproven
}
