package leak

import (
	"errors"
	"fmt"
	"io"
	"os"
	goruntime "runtime"

	"github.com/leaklint/leaklint/runtime/internal/check"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"github.com/leaklint/leaklint/runtime/internal/reporttext"
)

// VerifyNoLeaks runs fn and then checks that every goroutine fn started,
// directly or transitively, has exited, and that every stream resource
// (stream.StreamingContext, stream.StreamingResultBuilder) created during
// fn was closed. It waits up to the timeout (DefaultTimeout) for
// goroutines that are still winding down, and up to the progress grace
// longer for those still sleeping or running then (see
// WithProgressGrace), then reports the rest through t.Errorf, grouped by
// where they block and where they were created.
//
// fn runs on the calling goroutine under a pprof label of its own, which
// every goroutine it starts inherits, so VerifyNoLeaks is safe in parallel
// tests: a check considers only its own goroutines. If fn panics or calls
// t.FailNow, the panic goes on and no check is made: the test has already
// failed.
//
// The verdict comes when fn returns, before the test's cleanups: what fn
// starts, fn must stop, and a t.Cleanup that fn registers runs too late
// to count. The exception is fn starting parallel subtests (t.Run with
// t.Parallel), which run only after the test function returns: then the
// verdict is given in a cleanup, which runs once they have all finished.
func VerifyNoLeaks(t TestingT, fn func(), opts ...Option) {
	mustT(t, "VerifyNoLeaks")
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if fn == nil {
		t.Errorf("leak: VerifyNoLeaks called with a nil fn; pass the code under test as a func(), e.g. leak.VerifyNoLeaks(t, func() { serve(ctx) })")
		return
	}
	cfg := newDetectorConfig(opts)
	if err := cfg.err(); err != nil {
		t.Errorf("leak: VerifyNoLeaks: %v", err)
		fn()
		return
	}
	test := testName(t)
	// Turn labels on before reading ours, which fn runs with (see
	// NewGoroutineLeakDetector).
	labels.Visible()
	self, _ := labels.ReadSelf()
	s, err := check.New(cfg.check(), self)
	if err != nil {
		t.Errorf("leak: VerifyNoLeaks: %v", err)
		return
	}
	returned := false
	defer func() {
		if !returned {
			// fn stopped the test (t.Fatal, t.Skip, runtime.Goexit) or
			// panicked: the test has failed or been skipped already, and
			// there is no verdict to give, but the check must end, or
			// every later check would take it for one running beside
			// it and report its timer callbacks as unattributed.
			s.End()
		}
	}()
	s.Run(self, test, fn)
	returned = true
	verdict := func() {
		if h, ok := t.(interface{ Helper() }); ok {
			h.Helper()
		}
		defer s.End()
		if r := find(s, test); r != nil {
			fail(t, cfg, r)
		}
		// What fn holds (an HTTP transport made before the check) is the
		// test's until the verdict: see group.DroppedTransports.
		goruntime.KeepAlive(fn)
	}
	// Only a *testing.T (it has Parallel) can start parallel subtests.
	if _, subtests := t.(interface{ Parallel() }); !subtests {
		verdict()
		return
	}
	// Counting goroutines cannot rule pending subtests out: goroutines of
	// earlier tests exiting while fn ran make up for a paused subtest's.
	// The dump that looks for them is the verdict's first, so a clean
	// test pays no extra dump.
	if n := s.PendingSubtests(); n > 0 {
		// Parallel subtests run only once the parent's function returns:
		// checking now would pass before they start. Their goroutines
		// carry the check's label; the cleanup runs once they are done.
		if registerVerdict(t, verdict) {
			return
		}
		t.Errorf("leak: VerifyNoLeaks: fn started %d parallel %s that will run after it returns, and %T has no Cleanup to wait for them; call VerifyNoLeaks inside each subtest instead", n, reporttext.Plural(n, "subtest"), t)
	}
	verdict()
}

// FindLeaks runs fn like VerifyNoLeaks and returns what it found instead
// of reporting it: nil when fn leaked nothing. It is the entry point for
// code that is not a test, such as a smoke check in a staging binary.
func FindLeaks(fn func(), opts ...Option) (*LeakReport, error) {
	if fn == nil {
		return nil, errors.New("leak: FindLeaks called with a nil fn")
	}
	cfg := newDetectorConfig(opts)
	if err := cfg.err(); err != nil {
		return nil, fmt.Errorf("leak: FindLeaks: %v", err)
	}
	return runCheck("", cfg, fn)
}

// runCheck runs fn under a new check's label and checks it.
func runCheck(test string, cfg *detectorConfig, fn func()) (*LeakReport, error) {
	labels.Visible() // before reading ours, as in VerifyNoLeaks
	self, _ := labels.ReadSelf()
	s, err := check.New(cfg.check(), self)
	if err != nil {
		return nil, err
	}
	defer s.End()
	s.Run(self, test, fn)
	r := find(s, test)
	goruntime.KeepAlive(fn) // see VerifyNoLeaks
	return r, nil
}

// find waits for the check's goroutines and resources and returns the
// report, or nil.
func find(s *check.Session, test string) *LeakReport {
	if r := s.Find(test); r != nil {
		return fromCheck(r)
	}
	return nil
}

// VerifyTestMain runs the package's tests and, if they pass, checks that
// no goroutine they started is still running, then exits: use it as the
// whole body of TestMain.
//
//	func TestMain(m *testing.M) { leak.VerifyTestMain(m) }
//
// Goroutines running before m.Run (started by package initialisation) are
// not considered. On a leak it prints the report to standard error,
// writes the JSON report when LEAKLINT_REPORT_DIR is set, and exits with
// status 1; otherwise it exits with m.Run's status.
func VerifyTestMain(m TestingM, opts ...Option) {
	os.Exit(CheckTestMain(m, os.Stderr, opts...))
}

// CheckTestMain is VerifyTestMain without the exit, for a TestMain that
// has teardown to do first: it runs the tests, checks, writes any report
// to w and returns the exit code to use (m.Run's, 1 on a leak, 2 on
// misuse).
//
//	func TestMain(m *testing.M) {
//		code := leak.CheckTestMain(m, os.Stderr)
//		db.Close()
//		os.Exit(code)
//	}
func CheckTestMain(m TestingM, stderr io.Writer, opts ...Option) int {
	if stderr == nil {
		stderr = os.Stderr
	}
	if m == nil {
		fmt.Fprintln(stderr, "leak: VerifyTestMain called with a nil TestingM; use func TestMain(m *testing.M) { leak.VerifyTestMain(m) }")
		return 2
	}
	cfg := newDetectorConfig(opts)
	if err := cfg.err(); err != nil {
		fmt.Fprintf(stderr, "leak: VerifyTestMain: %v\n", err)
		return 2
	}
	before, err := check.CurrentIDs()
	if err != nil {
		fmt.Fprintf(stderr, "leak: VerifyTestMain: %v\n", err)
		return 2
	}
	// Registered for the whole run, the check also collects the stream
	// resources that the tests never closed.
	s := check.NewTestMain(cfg.check(), before)
	defer s.End()
	code := m.Run()
	if code != 0 {
		return code
	}
	r := find(s, "TestMain")
	if r == nil {
		return 0
	}
	fmt.Fprintf(stderr, "%s\n", r)
	if dir := cfg.reportDirectory(); dir != "" {
		if path, err := r.writeJSON(dir); err != nil {
			fmt.Fprintf(stderr, "leak: %v\n", err)
		} else {
			fmt.Fprintf(stderr, "JSON report: %s\n", path)
		}
	}
	fmt.Fprintln(stderr, "FAIL: goroutines leaked by the tests (leak.VerifyTestMain)")
	return 1
}
