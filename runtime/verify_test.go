package leak

import (
	"encoding/json"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// verifyQuick keeps tests that expect a leak from waiting the default
// timeout; the leaks they create never end on their own, so a short
// timeout cannot make them pass by accident.
var verifyQuick = WithTimeout(20 * time.Millisecond)

func TestVerifyNoLeaksReportsLeak(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{name: "TestHandler/sub"}
	VerifyNoLeaks(rec, func() { verifyParked(t, 1) }, verifyQuick)
	report := rec.single(t)
	verifyContains(t, report,
		"leak: 1 goroutine started by TestHandler/sub still running after",
		"1 × chan receive, blocked for",
		"blocked at  github.com/leaklint/leaklint/runtime.verifyParkedReceive",
		"verify_helpers_test.go:",
		"created by  github.com/leaklint/leaklint/runtime.verifyPark\n",
		"verify_helpers_test.go:",
		"stacks (one per group):",
		"goroutine ",
	)
	if rec.helpers == 0 {
		t.Error("VerifyNoLeaks did not call t.Helper")
	}
}

func TestVerifyNoLeaksPassesCleanCode(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	VerifyNoLeaks(rec, func() {
		var wg sync.WaitGroup
		for range 10 {
			wg.Go(func() {})
		}
		wg.Wait()
	})
	rec.none(t)
}

func TestVerifyNoLeaksWaitsForSlowGoroutines(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	exited := make(chan struct{})
	var once sync.Once
	rec := &verifyRecorder{}
	// The goroutine is still running at the first dumps and exits only
	// when the check has seen it pending twice.
	opt := func(c *detectorConfig) {
		c.onDump = func(attempt, pending int) {
			if attempt == 2 && pending == 1 {
				once.Do(func() { close(release) })
			}
		}
	}
	VerifyNoLeaks(rec, func() {
		go func() {
			defer close(exited)
			<-release
		}()
	}, WithTimeout(time.Minute), opt)
	rec.none(t)
	select {
	case <-exited:
	default:
		t.Fatal("the check passed while the slow goroutine was still running")
	}
}

func TestVerifyNoLeaksTolerance(t *testing.T) {
	t.Parallel()
	within := &verifyRecorder{}
	VerifyNoLeaks(within, func() { verifyParked(t, 2) }, WithTolerance(2), verifyQuick)
	within.none(t)

	beyond := &verifyRecorder{}
	VerifyNoLeaks(beyond, func() { verifyParked(t, 3) }, WithTolerance(2), verifyQuick)
	verifyContains(t, beyond.single(t), "3 goroutines", "more than the tolerance of 2", "3 × chan receive", "verifyParkedReceive")
}

func TestVerifyNoLeaksExclusions(t *testing.T) {
	t.Parallel()
	for name, opt := range map[string]Option{
		"pattern":      WithExcludePatterns(`^nothing$`, `runtime\.verifyParkedReceive$`),
		"top function": WithIgnoreTopFunction("github.com/leaklint/leaklint/runtime.verifyParkedReceive"),
		"created by":   WithIgnoreCreatedBy("github.com/leaklint/leaklint/runtime.verifyPark"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			rec := &verifyRecorder{}
			VerifyNoLeaks(rec, func() { verifyParked(t, 2) }, opt, verifyQuick)
			rec.none(t)
		})
	}
}

func TestVerifyNoLeaksInvalidOptions(t *testing.T) {
	t.Parallel()
	for opt, want := range map[*Option]string{
		ptr(WithExcludePatterns("(")):  `WithExcludePatterns("(")`,
		ptr(WithTolerance(-1)):         "WithTolerance(-1)",
		ptr(WithTimeout(-time.Second)): "WithTimeout(-1s)",
		ptr(WithIgnoreCreatedBy("")):   "WithIgnoreCreatedBy",
		ptr(WithIgnoreTopFunction("")): "WithIgnoreTopFunction",
		ptr(Option(nil)):               "a nil Option",
	} {
		rec := &verifyRecorder{}
		ran := false
		VerifyNoLeaks(rec, func() { ran = true }, *opt)
		verifyContains(t, rec.single(t), "leak: VerifyNoLeaks: invalid options:", want)
		if !ran {
			t.Errorf("%s: fn did not run", want)
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestVerifyNoLeaksMisuse(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	VerifyNoLeaks(rec, nil)
	verifyContains(t, rec.single(t), "nil fn")

	for name, call := range map[string]func(){
		"VerifyNoLeaks":            func() { VerifyNoLeaks(nil, func() {}) },
		"NewGoroutineLeakDetector": func() { NewGoroutineLeakDetector((*testing.T)(nil)) },
		"VerifyStreamingNoLeaks":   func() { VerifyStreamingNoLeaks(nil, func(*StreamingTestHelper) {}) },
	} {
		msg := func() (msg any) {
			defer func() { msg = recover() }()
			call()
			return nil
		}()
		if s, _ := msg.(string); !strings.Contains(s, name+" called with a nil") || !strings.Contains(s, "pass the test's t") {
			t.Errorf("%s(nil): panic %v, want a message saying how to call it", name, msg)
		}
	}
}

func TestVerifyNoLeaksIgnoresGoroutinesThatExistedBefore(t *testing.T) {
	t.Parallel()
	verifyParked(t, 3) // before the check: not the check's business
	wake := make(chan struct{})
	defer close(wake)
	go verifyParkedReceive(wake)
	rec := &verifyRecorder{}
	VerifyNoLeaks(rec, func() {}, verifyQuick)
	rec.none(t)
}

func TestVerifyNoLeaksParallelAttribution(t *testing.T) {
	// The leaky test's goroutine is parked while the clean test runs and
	// checks; the clean one must not be blamed, the leaky one must.
	leaked := make(chan struct{})
	clean, leaky := &verifyRecorder{name: "clean"}, &verifyRecorder{name: "leaky"}
	t.Run("group", func(t *testing.T) {
		t.Run("leaky", func(t *testing.T) {
			t.Parallel()
			VerifyNoLeaks(leaky, func() {
				verifyParked(t, 1)
				close(leaked)
			}, WithTimeout(50*time.Millisecond))
		})
		t.Run("clean", func(t *testing.T) {
			t.Parallel()
			VerifyNoLeaks(clean, func() {
				<-leaked
				done := make(chan struct{})
				go func() { close(done) }()
				<-done
			})
		})
	})
	clean.none(t)
	verifyContains(t, leaky.single(t), "1 goroutine started by leaky")
}

func TestVerifyNoLeaksSeesSubtests(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{name: "parent"}
	parent := t
	VerifyNoLeaks(rec, func() {
		// The subtest runs on a goroutine that t.Run starts, so it and
		// what it starts are the parent check's too.
		t.Run("sub", func(*testing.T) { verifyParked(parent, 1) })
	}, verifyQuick)
	verifyContains(t, rec.single(t), "1 goroutine started by parent", "verifyParkedReceive")
}

func TestVerifyNoLeaksGroupsReports(t *testing.T) {
	t.Parallel()
	rec := &verifyRecorder{}
	VerifyNoLeaks(rec, func() {
		verifyParked(t, 3)
		ch, id := make(chan int), make(chan uint64, 1)
		t.Cleanup(func() { <-ch })
		go verifyParkedSend(ch, id)
		verifyWaitBlocked(t, map[uint64]bool{<-id: true}, "chan send")
	}, verifyQuick)
	report := rec.single(t)
	verifyContains(t, report, "4 goroutines",
		"[1] 3 × chan receive", "verifyParkedReceive",
		"[2] 1 × chan send", "verifyParkedSend")
	if n := strings.Count(report, "] goroutine "); n != 2 {
		t.Errorf("report shows %d stacks, want one per group (2)", n)
	}
}

func TestVerifyNoLeaksWritesJSONReport(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	rec := &verifyRecorder{name: "TestHandler/sub case"}
	for range 2 {
		VerifyNoLeaks(rec, func() { verifyParked(t, 2) }, verifyQuick, WithReportDir(dir))
	}
	for i, name := range []string{"TestHandler_sub_case-1.json", "TestHandler_sub_case-2.json"} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(rec.errors()[i], name) {
			t.Errorf("the failure does not name its JSON report %s", name)
		}
		var r struct {
			Version int    `json:"version"`
			Test    string `json:"test"`
			Leaks   []struct {
				Count      int    `json:"count"`
				State      string `json:"state"`
				BlockedFor string `json:"blocked_for"`
				Definite   *bool  `json:"definite"`
				Function   string `json:"function"`
				Position   struct {
					File string `json:"file"`
					Line int    `json:"line"`
				} `json:"position"`
				CreatedBy struct {
					Function string `json:"function"`
					File     string `json:"file"`
					Line     int    `json:"line"`
				} `json:"created_by"`
				Stack string `json:"stack"`
			} `json:"leaks"`
			Unclosed []any `json:"unclosed"`
		}
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatalf("%s: %v\n%s", name, err, data)
		}
		if r.Version != 1 || r.Test != "TestHandler/sub case" || len(r.Leaks) != 1 || r.Unclosed == nil {
			t.Fatalf("%s: unexpected report:\n%s", name, data)
		}
		l := r.Leaks[0]
		if _, err := time.ParseDuration(l.BlockedFor); err != nil || l.Count != 2 || l.State != "chan receive" || l.Definite == nil ||
			!strings.HasSuffix(l.Function, ".verifyParkedReceive") || !filepath.IsAbs(l.Position.File) || l.Position.Line == 0 ||
			!strings.HasSuffix(l.CreatedBy.Function, ".verifyPark") || l.CreatedBy.Line == 0 || !strings.HasPrefix(l.Stack, "goroutine ") {
			t.Errorf("%s: fields do not describe the leak:\n%s", name, data)
		}
	}
}

// TestVerifyNoLeaksWithoutLabels: with tracebacklabels=0 chosen by the
// user, checks fall back to snapshots and still find leaks.
func TestVerifyNoLeaksWithoutLabels(t *testing.T) {
	t.Setenv("GODEBUG", "tracebacklabels=0")
	if labels.Visible() {
		t.Fatal("the detector overrode the user's tracebacklabels=0")
	}
	clean := &verifyRecorder{}
	VerifyNoLeaks(clean, func() {
		done := make(chan struct{})
		go close(done)
		<-done
	})
	clean.none(t)

	leaky := &verifyRecorder{}
	VerifyNoLeaks(leaky, func() { verifyParked(t, 2) }, verifyQuick)
	verifyContains(t, leaky.single(t), "2 goroutines", "2 × chan receive", "verifyParkedReceive")
}
