package leak

import (
	"context"
	goruntime "runtime"
	"runtime/pprof"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/leaklint/leaklint/runtime/internal/labels"
	"github.com/leaklint/leaklint/runtime/internal/ownership"
	"github.com/leaklint/leaklint/runtime/testdata/lifetime"
)

// A time.AfterFunc callback carries no label; started during the only
// check running, it is that check's, and one that blocks forever is
// caught. (Not parallel: no other check may overlap it.)
func TestAttributionAfterFuncCallbackThatBlocksIsCaught(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	rec := &verifyRecorder{name: "TestTimer"}
	VerifyNoLeaks(rec, afterFuncBlockedOn(release), WithTimeout(20*time.Millisecond))
	report := rec.single(t)
	verifyContains(t, report, "1 goroutine started by TestTimer", "chan receive", "created by  time.goFunc")
	assert.NotContains(t, report, "unattributed")
}

// afterFuncBlockedOn returns the body of a check that starts a
// time.AfterFunc callback, unlabelled, and returns once the callback runs
// and blocks receiving from release.
func afterFuncBlockedOn(release <-chan struct{}) func() {
	return func() {
		started := make(chan struct{})
		time.AfterFunc(0, func() {
			close(started)
			<-release
		})
		<-started
	}
}

// A callback blocked since before the check is not the check's.
func TestAttributionAfterFuncStartedBeforeTheCheckIsNotAdopted(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	id := make(chan uint64)
	time.AfterFunc(0, func() {
		self, _ := labels.ReadSelf()
		id <- self.ID
		<-release
	})
	verifyWaitBlocked(t, map[uint64]bool{<-id: true}, "chan receive")
	rec := &verifyRecorder{name: "TestLater"}
	VerifyNoLeaks(rec, func() {}, WithTimeout(20*time.Millisecond))
	rec.none(t)
}

// A callback that finishes is no leak, even when it runs after fn
// returned.
func TestAttributionAfterFuncCallbackThatEndsPasses(t *testing.T) {
	rec := &verifyRecorder{name: "TestTimer"}
	proceed := make(chan struct{})
	VerifyNoLeaks(rec, func() {
		started := make(chan struct{})
		time.AfterFunc(0, func() {
			close(started)
			<-proceed
		})
		<-started
		go close(proceed) // labelled, and ends
	})
	rec.none(t)
}

// With another check running at the same time, an unlabelled goroutine
// cannot be told apart: it is reported once, as unattributed, with where
// it was created, not dropped.
func TestAttributionUnattributedWithParallelChecks(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	other := &verifyRecorder{name: "TestOther"}
	otherStarted, otherDone := make(chan struct{}), make(chan struct{})
	finishOther := make(chan struct{})
	go func() {
		defer close(otherDone)
		d := NewGoroutineLeakDetector(other)
		close(otherStarted)
		<-finishOther
		d.Check()
	}()
	<-otherStarted

	rec := &verifyRecorder{name: "TestTimer"}
	VerifyNoLeaks(rec, afterFuncBlockedOn(release), WithTimeout(20*time.Millisecond))
	close(finishOther)
	<-otherDone

	report := rec.single(t)
	verifyContains(t, report, "1 unattributed goroutine", "[1] unattributed: 1 × chan receive", "created by  time.goFunc")
	assert.NotContains(t, report, "started by TestTimer", "not blamed on the test")
	other.none(t) // reported once, not by every overlapping check
}

// With another check running at the same time, a timer callback written
// in a test function is that test's: a callback of this test blocked for
// ever fails this test's check, not the check of TestOtherCheck that began
// first and saw the callback too, which passes. (Without the names, the
// first check to claim it reported it as unattributed: sometimes the
// innocent one.)
func TestAttributionTimerCallbackNamedByItsTest(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	other := &verifyRecorder{name: "TestOtherCheck/sub"}
	otherStarted, fired, otherDone := make(chan struct{}), make(chan struct{}), make(chan struct{})
	go func() {
		defer close(otherDone)
		VerifyNoLeaks(other, func() {
			close(otherStarted)
			<-fired // the callback runs while this check runs
		}, WithTimeout(20*time.Millisecond))
	}()
	<-otherStarted

	rec := &verifyRecorder{name: "TestAttributionTimerCallbackNamedByItsTest/case"}
	VerifyNoLeaks(rec, func() {
		time.AfterFunc(0, func() {
			close(fired)
			<-release
		})
		<-fired
	}, WithTimeout(20*time.Millisecond))
	<-otherDone

	report := rec.single(t)
	verifyContains(t, report, "1 goroutine started by TestAttributionTimerCallbackNamedByItsTest/case", "created by  time.goFunc")
	assert.NotContains(t, report, "unattributed")
	other.none(t)
}

func TestAttributionProcessLifetime(t *testing.T) {
	for _, c := range []struct {
		name string
		use  func()
		// spent says whether the singleton already started in this
		// process (and cannot be armed again).
		spent func() bool
	}{
		{"once.Do closure", lifetime.OnceDo, nil},
		{"function run by a Once", lifetime.OnceNamed, nil},
		{"sync.OnceFunc package variable", lifetime.OnceFunc, lifetime.OnceFuncStarted},
	} {
		t.Run(c.name, func(t *testing.T) {
			lifetime.Reset()
			t.Cleanup(lifetime.Reset)
			if c.spent == nil || !c.spent() {
				rec := &verifyRecorder{name: "TestFirstUser"}
				VerifyNoLeaks(rec, c.use, WithTimeout(10*time.Millisecond))
				report := rec.single(t)
				verifyContains(t, report, "1 process-lifetime goroutine first started during TestFirstUser",
					"leak.WithIgnoreProcessLifetime()", "[1] process-lifetime: 1 × chan receive")
				assert.NotContains(t, report, "started by TestFirstUser", "not the test's leak")
			}

			// Reported once: later uses start nothing.
			later := &verifyRecorder{name: "TestLaterUser"}
			VerifyNoLeaks(later, c.use, WithTimeout(10*time.Millisecond))
			later.none(t)
		})
	}
}

// A Once per value (a struct field) starts a goroutine per value: the
// test's leak when the value is dropped, not a process-lifetime one.
func TestAttributionOncePerValueIsTheTests(t *testing.T) {
	t.Cleanup(lifetime.Reset)
	rec := &verifyRecorder{name: "TestClient"}
	VerifyNoLeaks(rec, func() { new(lifetime.Client).Use() }, WithTimeout(10*time.Millisecond))
	report := rec.single(t)
	verifyContains(t, report, "1 goroutine started by TestClient")
	assert.NotContains(t, report, "process-lifetime")
}

func TestAttributionProcessLifetimeSilenced(t *testing.T) {
	lifetime.Reset()
	t.Cleanup(lifetime.Reset)
	rec := &verifyRecorder{name: "TestSilenced"}
	// Started by the test's own code, so the check sees it first.
	VerifyNoLeaks(rec, func() { lifetime.OnceDo() }, WithIgnoreProcessLifetime(), WithTimeout(10*time.Millisecond))
	rec.none(t)
}

// A goroutine started on every call is the test's, even from the same
// library.
func TestAttributionNotOnceIsTheTests(t *testing.T) {
	t.Cleanup(lifetime.Reset)
	rec := &verifyRecorder{name: "TestPlain"}
	VerifyNoLeaks(rec, lifetime.NotOnce, WithTimeout(10*time.Millisecond))
	report := rec.single(t)
	verifyContains(t, report, "1 goroutine started by TestPlain")
	assert.NotContains(t, report, "process-lifetime")
}

// attributionTimerLeak leaks one time.AfterFunc callback from the same
// line each time it runs, as a test run with -count=N, or a table of
// cases going through the same code, does. It returns a channel closed
// once the callback has returned, for the test to wait on after closing
// release: a callback with this stack still on its way out when a later
// test's check begins is in that check's baseline, and if it exits during
// the check it hides the new one (the baseline counts stacks; see
// baseline.Split), so each test waits for its own before the next begins.
func attributionTimerLeak(release chan struct{}) (gone <-chan struct{}) {
	started, done := make(chan struct{}), make(chan struct{})
	time.AfterFunc(0, func() {
		defer close(done)
		close(started)
		<-release
	})
	<-started
	return done
}

// attributionReleaseOnCleanup closes release when the test ends and waits
// until every callback in gones has returned (see attributionTimerLeak).
func attributionReleaseOnCleanup(t *testing.T, release chan struct{}, gones *[]<-chan struct{}) {
	t.Cleanup(func() {
		close(release)
		for _, gone := range *gones {
			<-gone
		}
	})
}

// A callback still blocked from an earlier check has the same stack as
// the one this check's code leaks: the earlier one is in the baseline,
// the new one is not, and it is caught each time, not only the first.
func TestAttributionSameCallbackLeakedAgainIsCaught(t *testing.T) {
	release := make(chan struct{})
	var gones []<-chan struct{}
	attributionReleaseOnCleanup(t, release, &gones)
	for i := range 3 {
		rec := &verifyRecorder{name: "TestTimer"}
		VerifyNoLeaks(rec, func() { gones = append(gones, attributionTimerLeak(release)) }, WithTimeout(20*time.Millisecond))
		report := rec.single(t)
		verifyContains(t, report, "1 goroutine started by TestTimer", "created by  time.goFunc")
		if t.Failed() {
			t.Fatalf("check %d missed the callback it leaked", i+1)
		}
	}
}

// An old callback blocked for ever and a new one with the same stack that
// ends: the check counts the goroutines with that stack rather than
// remember which one it took for new (goroutine IDs come in batches per
// P, so the older may have the higher ID), and passes once the new one
// is gone.
func TestAttributionSameStackNewOneEndsPasses(t *testing.T) {
	forever := make(chan struct{})
	gones := []<-chan struct{}{attributionTimerLeak(forever)} // left from before the check
	attributionReleaseOnCleanup(t, forever, &gones)
	for range 5 {
		rec := &verifyRecorder{name: "TestSlow"}
		ch := make(chan struct{})
		var gone <-chan struct{}
		VerifyNoLeaks(rec, func() {
			gone = attributionTimerLeak(ch)
			go close(ch) // ends the callback, maybe after fn returned
		}, WithTimeout(5*time.Second))
		rec.none(t)
		<-gone
	}
}

// A goroutine that the check's goroutine started before the check (a
// worker, unlabelled) is not the check's, nor is what it starts during
// the check, even though the worker's stack has moved since the check
// began, so that the baseline (judged by stack) no longer knows it. This
// is why unlabelled goroutines started by the check's own goroutine (under
// pprof.Do with the user's context) are not adopted: told apart from such
// a worker only by stack, the worker would be blamed.
func TestAttributionWorkerStartedBeforeIsNotAdopted(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	start, started := make(chan struct{}), make(chan struct{})
	pprof.Do(context.Background(), pprof.Labels("user", "worker"), func(context.Context) {
		go func() {
			<-start
			go verifyParkedReceive(release)
			close(started)
			<-release
		}()
	})
	rec := &verifyRecorder{name: "TestClean"}
	VerifyNoLeaks(rec, func() {
		close(start)
		<-started
	}, WithTimeout(20*time.Millisecond))
	rec.none(t)
}

// A detector made with a t that cannot register a cleanup (a recording
// fake) and dropped without Check ends its check once collected: it is
// not taken for a check running beside every later one, whose timer
// callbacks were then all reported as unattributed.
func TestAttributionDroppedDetectorEndsItsCheck(t *testing.T) {
	func() { _ = NewGoroutineLeakDetector(&verifyRecorder{name: "TestNeverChecked"}) }()
	deadline := time.Now().Add(10 * time.Second)
	for ownership.Running() > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("%d checks still running after the detector was dropped", ownership.Running())
		}
		goruntime.GC()
		goruntime.Gosched() // let the cleanup goroutine run
	}

	release := make(chan struct{})
	defer close(release)
	rec := &verifyRecorder{name: "TestAfterTheDroppedOne"}
	VerifyNoLeaks(rec, afterFuncBlockedOn(release), WithTimeout(20*time.Millisecond))
	report := rec.single(t)
	verifyContains(t, report, "1 goroutine started by TestAfterTheDroppedOne")
	assert.NotContains(t, report, "unattributed")
}
