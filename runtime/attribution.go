package leak

import "github.com/leaklint/leaklint/runtime/internal/check"

// TestLabel is the pprof label that ties goroutines to the check that
// watches them. A check runs the test's work under a fresh value of it;
// every goroutine started from there, directly or transitively, inherits
// the label, and the check considers only goroutines that carry its value.
// This is what lets parallel tests check leaks without blaming each other.
const TestLabel = "leaklint.test"

// The checks (package check) read the label by its internal name; this
// fails to compile if the two ever differ.
var _ = [1]struct{}{}[len(TestLabel)-len(check.TestLabel)]
