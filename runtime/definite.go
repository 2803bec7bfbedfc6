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

// detectorProof decides when a check asks the collector for a proof: once,
// when its goroutines are still there after the first dumps and all of
// them are blocked. A goroutine that is running or sleeping cannot be
// proven, and a check whose goroutines are exiting would pay a full
// collection for nothing, so a check that passes at its first dump (a
// clean test) never runs one.
type detectorProof struct {
	tried bool
}

// detectorProofAfter is the dump from which a proof is tried: the first
// dump often catches goroutines on their way out.
const detectorProofAfter = 2

// due reports whether to run the collection now, given the dump's
// attempt number and what it counted.
func (p *detectorProof) due(attempt, running, progressing, tolerance, open int) bool {
	if p.tried || attempt < detectorProofAfter || running <= tolerance || progressing > 0 || open > 0 {
		return false
	}
	if !leakgc.Available() {
		p.tried = true
		return false
	}
	p.tried = true
	return true
}

// allProven reports whether the dump shows more of the check's goroutines
// than the tolerance and every one of them proven leaked: none of them can
// ever exit, so waiting longer cannot change the verdict.
func (s *detectorSession) allProven(dump []byte) bool {
	owned := 0
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if s.owns(&g) {
			if !g.Leaked {
				return false
			}
			owned++
		}
	}
	return owned > s.cfg.tolerance
}
