//go:build noleaklint

package child

// runLeaklint without the leaklint runtime package, for evaluating the other
// detectors while that package does not build.
func runLeaklint(f func()) string {
	fail(errNoLeaklint)
	return ""
}
