package bench

import (
	"testing"
	"time"

	leak "github.com/leaklint/leaklint/runtime"
	"go.uber.org/goleak"
)

// TestParallelAttribution runs a clean and a leaky test in parallel and
// checks each with both libraries. leaklint passes the clean test and
// fails the leaky one; goleak fails the clean one too (goleak #16, #83):
// it sees the leaky test's goroutine and the testing machinery's.
func TestParallelAttribution(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	leaked := make(chan struct{})
	ours := map[string]*recorder{"clean": {name: "clean"}, "leaky": {name: "leaky"}}
	theirs := map[string]*recorder{"clean": {name: "clean"}}
	t.Run("group", func(t *testing.T) {
		t.Run("leaky", func(t *testing.T) {
			t.Parallel()
			leak.VerifyNoLeaks(ours["leaky"], func() {
				go func() { <-release }()
				close(leaked)
			}, leak.WithTimeout(50*time.Millisecond))
		})
		t.Run("clean", func(t *testing.T) {
			t.Parallel()
			<-leaked
			leak.VerifyNoLeaks(ours["clean"], func() {
				done := make(chan struct{})
				go close(done)
				<-done
			})
			// goleak.VerifyNone as a clean parallel test would call it.
			goleak.VerifyNone(theirs["clean"])
		})
	})
	if ours["clean"].failed() || !ours["leaky"].failed() {
		t.Errorf("leaklint: clean failed=%v (want false), leaky failed=%v (want true)", ours["clean"].failed(), ours["leaky"].failed())
	}
	if !theirs["clean"].failed() {
		t.Errorf("goleak passed the clean parallel test; this comparison's premise (goleak #16) no longer holds")
	}
}

// TestNoFalseAlarmForSlowExit: a goroutine that needs 200ms to wind down
// (a server's graceful shutdown, say) is not a leak with default options.
func TestNoFalseAlarmForSlowExit(t *testing.T) {
	rec := &recorder{}
	leak.VerifyNoLeaks(rec, func() {
		go time.Sleep(200 * time.Millisecond) // the slow exit under test
	})
	if rec.failed() {
		t.Fatalf("a goroutine exiting after 200ms was reported:\n%s", rec.errs)
	}
}
