// Package leak confirms goroutine leaks at run time, in tests and in
// production.
//
// Import it under the name leak:
//
//	import leak "github.com/leaklint/leaklint/runtime"
//
// The test helpers (VerifyNoLeaks, VerifyStreamingNoLeaks,
// NewGoroutineLeakDetector, VerifyTestMain) wait for the goroutines a test
// started to finish and report, grouped by where they block and where they
// were created, those that do not. A check considers only the goroutines of
// its own test: the work runs under a pprof label that every goroutine it
// starts inherits, so parallel tests do not blame one another.
package leak
