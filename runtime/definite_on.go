//go:build goexperiment.goroutineleakprofile

package leak

import (
	"io"
	"runtime/pprof"
)

// detectorMarkDefinite runs the leak-detecting garbage collection behind
// the goroutineleak profile. Goroutines blocked on something no running
// goroutine can reach are then printed as "(leaked)", which the report
// turns into definite leaks.
func detectorMarkDefinite() bool {
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		return false
	}
	return p.WriteTo(io.Discard, 0) == nil
}
