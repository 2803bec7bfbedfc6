// Package leak confirms goroutine leaks at run time, in tests and in
// production.
//
// Import it under the name leak:
//
//	import leak "github.com/leaklint/leaklint/runtime"
//
// # Test helpers
//
// VerifyNoLeaks, VerifyStreamingNoLeaks, NewGoroutineLeakDetector and
// VerifyTestMain wait for the goroutines a test started to finish and
// report, grouped by where they block and where they were created, those
// that do not, together with the stream values (package stream) created
// during the test and never closed. Options (WithTimeout,
// WithProgressGrace, WithTolerance, WithExcludePatterns,
// WithIgnoreTopFunction, WithIgnoreCreatedBy, WithIgnoreCurrent,
// WithIgnoreProcessLifetime, WithReportDir) tune a check; invalid ones are
// reported through the test. The runtime's and the testing package's own
// goroutines, and idle connections of HTTP client pools that outlive the
// check, need no exclusion.
//
// A check considers only the goroutines of its own test: the work runs
// under a pprof label (TestLabel) that every goroutine it starts inherits,
// and the detector has the runtime print labels in stack dumps
// (GODEBUG=tracebacklabels=1; it reads both the Go 1.26 and the Go 1.27
// form). Parallel tests therefore do not blame one another. See
// GoroutineLeakDetector for what is and is not attributed to a test.
//
// Where the runtime has the goroutineleak profile (Go 1.27, or Go 1.26
// built with GOEXPERIMENT=goroutineleakprofile; decided at run time), a
// check whose goroutines are all still blocked after its first dumps asks
// the garbage collector to prove them leaked. If it proves every one, the
// check reports them at once, marked definite, instead of waiting for the
// timeout. Goroutines blocked on something still reachable cannot be
// proven and keep the timeout.
//
// When LEAKLINT_REPORT_DIR names a directory, every failing check also
// writes a JSON report there (LeakReport), which `leaklint confirm` joins
// with the static findings.
//
// # Monitoring
//
// GoroutineMonitor, ResourceTracker and StreamingResourceGuard watch
// goroutines and resources in a running program.
package leak
