package leak

import (
	"fmt"
	"reflect"
	goruntime "runtime"
)

// TestingT is what the test helpers need from a test: *testing.T,
// *testing.B, *testing.F, a testify suite's T() and any recording fake
// satisfy it.
//
// A failing check calls Errorf exactly once, with the whole report. If t
// also has Helper() (as testing.TB does), every helper calls it first so
// that the failure points at the caller; if it has Name() string, the
// report names the test. If it has Cleanup(func()) and Parallel() (as
// *testing.T does), NewGoroutineLeakDetector registers its verdict there,
// and VerifyNoLeaks does when fn started parallel subtests, so that the verdict comes after
// the test's cleanups and subtests. The helpers never call FailNow or
// Fatal: the test goes on after a reported leak.
type TestingT interface {
	Errorf(format string, args ...any)
}

// TestingM is what VerifyTestMain needs from a TestMain's *testing.M.
type TestingM interface {
	Run() int
}

// testName returns t's name when it has one.
func testName(t TestingT) string {
	if n, ok := t.(interface{ Name() string }); ok {
		return n.Name()
	}
	return ""
}

// mustT refuses a nil t. There is nothing to report a failure
// through, and skipping the check silently would hide leaks, so this is
// the one misuse that panics.
func mustT(t TestingT, caller string) {
	if t == nil {
		panic(fmt.Sprintf("leak: %s called with a nil TestingT; pass the test's t (or b, or a testify suite's s.T())", caller))
	}
	if v := reflect.ValueOf(t); v.Kind() == reflect.Pointer && v.IsNil() {
		panic(fmt.Sprintf("leak: %s called with a nil %T; pass the test's t (or b, or a testify suite's s.T())", caller, t))
	}
}

// fail reports a check's findings through t, and writes the JSON
// report when a directory is configured.
func fail(t TestingT, cfg *detectorConfig, r *LeakReport) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	msg := r.String()
	if dir := cfg.reportDirectory(); dir != "" {
		if path, err := r.writeJSON(dir); err != nil {
			msg += "\nleak: " + err.Error()
		} else {
			msg += "\nJSON report: " + path
		}
	}
	t.Errorf("%s", msg)
}

// registerVerdict registers verdict as a cleanup of t when t has
// Cleanup, and reports whether it did.
//
// It is a helper: a failure reported from the cleanup is attributed by
// testing to the line that registered it, and through the helpers that
// called this (NewGoroutineLeakDetector, VerifyNoLeaks) to the user's
// call, not to a line of this package.
func registerVerdict(t TestingT, verdict func()) bool {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	c, ok := t.(interface{ Cleanup(func()) })
	if ok {
		c.Cleanup(verdict)
	}
	return ok
}

// inCleanup reports whether the caller runs inside a test's
// cleanup functions (testing runs them from common.runCleanup), where a
// verdict can be given at once: t.Cleanup(d.Check).
func inCleanup() bool {
	pcs := make([]uintptr, 64)
	frames := goruntime.CallersFrames(pcs[:goruntime.Callers(2, pcs)])
	for {
		f, more := frames.Next()
		if f.Function == "testing.(*common).runCleanup" {
			return true
		}
		if !more {
			return false
		}
	}
}
