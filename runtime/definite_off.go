//go:build !goexperiment.goroutineleakprofile

package leak

// detectorMarkDefinite would have the garbage collector mark provably
// stuck goroutines; without GOEXPERIMENT=goroutineleakprofile it cannot.
func detectorMarkDefinite() bool { return false }
