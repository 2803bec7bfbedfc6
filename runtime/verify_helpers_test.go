package leak

import (
	"runtime"
	"time"

	"fmt"
	"github.com/leaklint/leaklint/runtime/internal/dump"
	"github.com/leaklint/leaklint/runtime/internal/labels"
	"github.com/leaklint/leaklint/runtime/internal/stack"
	"strings"
	"sync"
	"testing"
)

// verifyRecorder is a TestingT that records what a check reports, so that
// tests can assert on failures without failing themselves.
type verifyRecorder struct {
	name    string
	mu      sync.Mutex
	errs    []string
	helpers int
}

func (r *verifyRecorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *verifyRecorder) Helper() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.helpers++
}

func (r *verifyRecorder) Name() string { return r.name }

func (r *verifyRecorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.errs...)
}

// single returns the one error recorded, failing t otherwise.
func (r *verifyRecorder) single(t *testing.T) string {
	t.Helper()
	errs := r.errors()
	if len(errs) != 1 {
		t.Fatalf("recorded %d errors, want 1:\n%s", len(errs), strings.Join(errs, "\n---\n"))
	}
	return errs[0]
}

func (r *verifyRecorder) none(t *testing.T) {
	t.Helper()
	if errs := r.errors(); len(errs) > 0 {
		t.Fatalf("recorded %d errors, want none:\n%s", len(errs), strings.Join(errs, "\n---\n"))
	}
}

// verifyParked starts n goroutines parked in verifyParkedReceive until
// the test ends: deterministic leaks that do not outlive the test.
func verifyParked(t *testing.T, n int) {
	t.Helper()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	verifyPark(t, release, n)
}

// verifyPark starts n goroutines in verifyParkedReceive and returns once
// every one of them is blocked there, so that reports about them do not
// depend on the scheduler.
func verifyPark(t testing.TB, release <-chan struct{}, n int) {
	t.Helper()
	ids := make(chan uint64, n)
	for range n {
		go func() {
			self, _ := labels.ReadSelf()
			ids <- self.ID
			verifyParkedReceive(release)
		}()
	}
	want := make(map[uint64]bool, n)
	for range n {
		want[<-ids] = true
	}
	verifyWaitBlocked(t, want, "chan receive")
}

// verifyWaitBlocked polls the goroutines until those in ids are all in
// state, for at most a minute.
func verifyWaitBlocked(t testing.TB, ids map[uint64]bool, state string) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		d := dump.Take()
		blocked := 0
		var g stack.Goroutine
		for it := stack.NewDump(d.Text); it.Next(&g); {
			if ids[g.ID] && string(g.State) == state {
				blocked++
			}
		}
		d.Release()
		if blocked == len(ids) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d of %d goroutines blocked in %q after a minute", blocked, len(ids), state)
		}
		runtime.Gosched()
	}
}

func verifyParkedReceive(release <-chan struct{}) { <-release }

// verifyParkedSend parks in a channel send, for grouping tests; the test
// receives the value to release it.
func verifyParkedSend(ch chan<- int, id chan<- uint64) {
	self, _ := labels.ReadSelf()
	id <- self.ID
	ch <- 1
}

// verifyContains fails t unless every part occurs in text, in order.
func verifyContains(t *testing.T, text string, parts ...string) {
	t.Helper()
	rest := text
	for _, p := range parts {
		i := strings.Index(rest, p)
		if i < 0 {
			t.Fatalf("report lacks %q (after the parts before it); report:\n%s", p, text)
		}
		rest = rest[i+len(p):]
	}
}
