package leak

import (
	"context"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"runtime/pprof"
	"testing"
)

// TestFirstCheckKeepsUserLabels: the first check of a process, while
// labels are not yet printed in stack dumps (GODEBUG without
// tracebacklabels), still runs fn with the caller's labels and gives them
// back after Check. It read them before turning labels on and lost them.
func TestFirstCheckKeepsUserLabels(t *testing.T) {
	for _, name := range []string{"VerifyNoLeaks", "GoroutineLeakDetector"} {
		t.Run(name, func(t *testing.T) {
			t.Setenv("GODEBUG", "") // as in a fresh process: labels not printed yet
			pprof.Do(context.Background(), pprof.Labels("user", "kept"), func(ctx context.Context) {
				rec := &verifyRecorder{}
				var inside string
				if name == "VerifyNoLeaks" {
					VerifyNoLeaks(rec, func() { inside, _ = pprof.Label(labels.Context(selfOrZero()), "user") })
				} else {
					d := NewGoroutineLeakDetector(rec)
					inside, _ = pprof.Label(labels.Context(selfOrZero()), "user")
					d.Check()
				}
				rec.none(t)
				if inside != "kept" {
					t.Errorf("inside the check the user's label is %q, want kept", inside)
				}
				if after, _ := pprof.Label(labels.Context(selfOrZero()), "user"); after != "kept" {
					t.Errorf("after the check the user's label is %q, want kept", after)
				}
			})
		})
	}
}

func selfOrZero() labels.Self {
	self, _ := labels.ReadSelf()
	return self
}
