package leak

import (
	goruntime "runtime"
	"runtime/pprof"
	"sync/atomic"

	"github.com/leaklint/leaklint/runtime/internal/check"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"github.com/leaklint/leaklint/runtime/internal/leakgc"
)

// GoroutineLeakDetector checks that the goroutines a test starts after
// the detector is created have all exited by the time Check is called.
//
//	func TestServe(t *testing.T) {
//		d := leak.NewGoroutineLeakDetector(t)
//		defer d.Check()
//		...
//	}
//
// The detector labels the goroutine that creates it (the test's), so
// every goroutine started from it afterwards, directly or transitively,
// carries the check's label, and Check looks only at those: goroutines of
// other tests running in parallel are not considered. Check restores the
// goroutine's previous labels when it runs on the same goroutine. Work
// handed to goroutines that already existed (a shared worker pool) is not
// attributed to the test. Goroutines that carry no label because a timer
// (time.AfterFunc) or the runtime started them are the check's when it is
// the only check running, and are reported as unattributed otherwise. If
// the runtime cannot show labels (GODEBUG has tracebacklabels=0 on
// purpose), the detector compares snapshots instead, which is not safe
// for parallel tests.
type GoroutineLeakDetector struct {
	t       TestingT
	cfg     *detectorConfig
	session *check.Session
	err     error
	creator uint64
	// restore puts back the creating goroutine's labels.
	restore func()
	checked atomic.Bool
	// atCleanup is set when the detector registered its verdict with
	// t.Cleanup; pending when Check was called outside the cleanups and
	// left the verdict to it.
	atCleanup bool
	pending   atomic.Bool
}

// NewGoroutineLeakDetector starts watching the goroutines that the
// calling test starts from now on. Call Check, typically deferred, when
// the test's work is done. Invalid options are reported by Check.
func NewGoroutineLeakDetector(t TestingT, opts ...Option) *GoroutineLeakDetector {
	mustT(t, "NewGoroutineLeakDetector")
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
	d := &GoroutineLeakDetector{t: t, cfg: newDetectorConfig(opts)}
	if d.err = d.cfg.err(); d.err != nil {
		return d
	}
	// Turn labels on before reading ours: the first check in a process
	// would otherwise read none and, restoring them, drop the user's.
	labels.Visible()
	self, ok := labels.ReadSelf()
	d.session, d.err = check.New(d.cfg.check(), self)
	if d.err != nil {
		return d
	}
	d.session.Name(testName(t))
	// A detector dropped without Check, with a t that has no cleanup to
	// say so, must not stay a running check: every later check would
	// take it for one running beside it, and report its timer callbacks
	// as unattributed. End it when the detector is collected (End is
	// idempotent, so a checked one is no matter).
	goruntime.AddCleanup(d, func(s *check.Session) { s.End() }, d.session)
	if d.session.Label() != "" && ok {
		d.creator = self.ID
		previous := labels.Context(self)
		pprof.SetGoroutineLabels(pprof.WithLabels(previous, pprof.Labels(TestLabel, d.session.Label())))
		d.restore = func() { pprof.SetGoroutineLabels(previous) }
	}
	// Only a test (not a benchmark checking in its loop) defers the
	// verdict; a *testing.T is known by its Parallel method.
	if _, test := t.(interface{ Parallel() }); test {
		d.atCleanup = registerVerdict(t, d.verdictAtCleanup)
	}
	leakgc.SeparateTiny() // see check.Session.Run
	return d
}

// Check waits, up to the timeout (plus the progress grace for goroutines
// still sleeping or running, see WithProgressGrace), for the goroutines
// started since the detector was created to exit, and reports through t
// those still running, and the stream resources created meanwhile and
// never closed. Call it once per detector.
//
// When t is a test (it has Cleanup and Parallel, as *testing.T does),
// NewGoroutineLeakDetector registers the verdict as a cleanup, and Check
// called from the test function (typically `defer d.Check()`) leaves the
// verdict to it: it comes after the test function has returned, after the
// parallel subtests it started have finished, and after every t.Cleanup
// the test registered once the detector existed (cleanups run
// last-registered first), so that a server a helper shuts down in a
// cleanup is not reported. Check called from a cleanup
// (t.Cleanup(d.Check)) gives the verdict there and then. With any other t
// (a *testing.B checking in its loop, a recording fake), Check gives it
// at once.
func (d *GoroutineLeakDetector) Check() {
	if d == nil || d.t == nil {
		panic("leak: Check called on a GoroutineLeakDetector not made by NewGoroutineLeakDetector; use d := leak.NewGoroutineLeakDetector(t)")
	}
	if h, ok := d.t.(interface{ Helper() }); ok {
		h.Helper()
	}
	if d.checked.Swap(true) {
		d.t.Errorf("leak: Check called twice on the same GoroutineLeakDetector; create a new detector (leak.NewGoroutineLeakDetector(t)) for each check")
		return
	}
	if d.err != nil {
		d.t.Errorf("leak: NewGoroutineLeakDetector: %v", d.err)
		return
	}
	leakgc.SeparateTiny() // see check.Session.Run
	if self, ok := labels.ReadSelf(); ok {
		d.session.Skip(self.ID)
		if self.ID == d.creator && d.restore != nil {
			d.restore()
		}
	}
	if d.atCleanup && !inCleanup() {
		// Deferred in the test function, Check runs before the test's
		// cleanups and before its parallel subtests: the verdict waits
		// for both, in the cleanup registered by NewGoroutineLeakDetector.
		d.pending.Store(true)
		return
	}
	d.verdict()
}

// verdictAtCleanup gives the verdict Check left to the cleanups.
func (d *GoroutineLeakDetector) verdictAtCleanup() {
	if h, ok := d.t.(interface{ Helper() }); ok {
		h.Helper() // the failure names the user's line: see registerVerdict
	}
	if d.pending.Swap(false) {
		if self, ok := labels.ReadSelf(); ok {
			d.session.Skip(self.ID)
		}
		d.verdict()
		return
	}
	if d.checked.CompareAndSwap(false, true) {
		// Never checked: say so rather than pass silently, and end the
		// check, or every later one would take it for one running beside
		// it (see beginAttribution).
		d.session.End()
		if st, ok := d.t.(interface{ Skipped() bool }); ok && st.Skipped() {
			return // t.Skip before the deferred Check was reached
		}
		if ft, ok := d.t.(interface{ Failed() bool }); ok && ft.Failed() {
			return // t.Fatal before it: the test reports why already
		}
		d.t.Errorf("leak: a GoroutineLeakDetector was made by NewGoroutineLeakDetector but Check was never called, so nothing was checked; write d := leak.NewGoroutineLeakDetector(t) followed by defer d.Check() (or t.Cleanup(d.Check))")
	}
}

// verdict waits for the check's goroutines and reports those left.
func (d *GoroutineLeakDetector) verdict() {
	if h, ok := d.t.(interface{ Helper() }); ok {
		h.Helper()
	}
	defer d.session.End()
	if r := find(d.session, testName(d.t)); r != nil {
		fail(d.t, d.cfg, r)
	}
}
