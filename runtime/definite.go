package leak

import (
	"github.com/leaklint/leaklint/runtime/internal/leakgc"
	"github.com/leaklint/leaklint/runtime/internal/proof"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorMarkDefinite runs the garbage collection that proves leaks,
// where the runtime has it (decided at run time: Go 1.27, or Go 1.26 with
// GOEXPERIMENT=goroutineleakprofile). Goroutines blocked on something no
// running goroutine can reach are then printed as "(leaked)", which the
// report turns into definite leaks. It reports whether the collection ran.
func detectorMarkDefinite() bool { return leakgc.Collect() }

// detectorProof decides when a check asks the collector for a proof
// (package proof).
type detectorProof struct{ proof.Schedule }

// due reports whether to run the collection now, given the dump's
// attempt number and what it counted.
func (p *detectorProof) due(attempt, running, progressing, tolerance, open int) bool {
	return p.Due(attempt, running, progressing, tolerance, open)
}

// proved records how many of the check's goroutines the last try left
// unproven.
func (p *detectorProof) proved(unproven int) { p.Proved(unproven) }

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
