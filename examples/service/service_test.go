package service

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"

	leak "github.com/leaklint/leaklint/runtime"
)

// Each leaking function runs under the runtime detector. Normally the
// detector reports to a recording TestingT and the test asserts that it
// reported the leak where it is; with LEAKLINT_DEMO=1 it reports to the
// real t, so the test fails with the detector's own report (and, with
// LEAKLINT_REPORT_DIR set, writes the JSON that `leaklint confirm` reads).
// The fixed twins always run under a real VerifyNoLeaks.

// recordingT is a leak.TestingT that keeps the reports instead of failing.
type recordingT struct {
	name    string
	mu      sync.Mutex
	reports []string
}

func (r *recordingT) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.reports = append(r.reports, fmt.Sprintf(format, args...))
}

func (r *recordingT) Helper()      {}
func (r *recordingT) Name() string { return r.name }

// expectLeak runs fn under VerifyNoLeaks and asserts that the report names
// every string in want.
func expectLeak(t *testing.T, fn func(), want ...string) {
	t.Helper()
	if os.Getenv("LEAKLINT_DEMO") == "1" {
		leak.VerifyNoLeaks(t, fn)
		return
	}
	rec := &recordingT{name: t.Name()}
	leak.VerifyNoLeaks(rec, fn)
	if len(rec.reports) != 1 {
		t.Fatalf("the runtime detector reported %d times, want once:\n%s", len(rec.reports), strings.Join(rec.reports, "\n---\n"))
	}
	for _, w := range want {
		if !strings.Contains(rec.reports[0], w) {
			t.Errorf("the leak report does not mention %q:\n%s", w, rec.reports[0])
		}
	}
}

// lineOf returns "path:line" of the first line of file, in this package,
// that contains snippet: what a report names for that statement.
func lineOf(t *testing.T, file, snippet string) string {
	t.Helper()
	_, self, _, _ := runtime.Caller(0)
	path := filepath.Join(filepath.Dir(self), file)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, line := range strings.Split(string(data), "\n") {
		if strings.Contains(line, snippet) {
			return path + ":" + strconv.Itoa(i+1)
		}
	}
	t.Fatalf("%s has no line containing %q", file, snippet)
	return ""
}

// blockingBackend answers only once release is closed.
func blockingBackend(release <-chan struct{}) Backend {
	return func(key string) string {
		<-release
		return "value of " + key
	}
}

func TestLookupLeaksItsSender(t *testing.T) {
	release := make(chan struct{})
	expectLeak(t, func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel() // the caller gives up before the backend answers
		if _, err := Lookup(ctx, blockingBackend(release), "k"); err == nil {
			t.Error("Lookup with a cancelled context succeeded")
		}
		close(release) // the late answer now has nobody to go to
	}, "chan send", "service.Lookup.func1", lineOf(t, "lostsend.go", "go func() {"))
	// The sender cannot be released: that is the leak. It stays blocked
	// and belongs to this check only, so no other test is blamed for it.
}

func TestLookupFixedLeaksNothing(t *testing.T) {
	release := make(chan struct{})
	leak.VerifyNoLeaks(t, func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := LookupFixed(ctx, blockingBackend(release), "k"); err == nil {
			t.Error("LookupFixed with a cancelled context succeeded")
		}
		close(release)
	})
}

func TestWatchSessionLeaksItsWatcher(t *testing.T) {
	parent, cancelParent := context.WithCancel(context.Background())
	defer cancelParent() // releases the watcher once the leak is reported
	s := &Sessions{}
	expectLeak(t, func() {
		s.WatchSession(parent, "s1")
	}, "service.(*Sessions).expire", lineOf(t, "missingcancel.go", "go s.expire(ctx, id)"))
}

func TestWatchSessionFixedLeaksNothing(t *testing.T) {
	s := &Sessions{Expired: make(chan string, 1)}
	leak.VerifyNoLeaks(t, func() {
		end := s.WatchSessionFixed(context.Background(), "s1")
		end()
	})
	if id := <-s.Expired; id != "s1" {
		t.Fatalf("expired %q, want s1", id)
	}
}

func TestCountEventsLeaksItsStream(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	origin := lineOf(t, "unclosedstream.go", "s := stream.NewStreamingContext(ctx)")
	expectLeak(t, func() {
		if n := CountEvents(ctx, []string{"a", "b"}); n != 2 {
			t.Errorf("CountEvents = %d, want 2", n)
		}
	}, "StreamingContext created at "+origin, "origin      "+origin)
}

func TestCountEventsFixedLeaksNothing(t *testing.T) {
	leak.VerifyNoLeaks(t, func() {
		if n := CountEventsFixed(context.Background(), []string{"a", "b"}); n != 2 {
			t.Errorf("CountEventsFixed = %d, want 2", n)
		}
	})
}

func TestFirstChunkLeaksItsProducer(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	expectLeak(t, func() {
		if _, err := FirstChunk(ctx, strings.Repeat("x", 100)); err != nil {
			t.Error(err)
		}
	}, "select", "origin      "+lineOf(t, "undrainedchan.go", "ch, err := stream.StreamJSON(ctx, v, 16)"))
}

func TestFirstChunkFixedLeaksNothing(t *testing.T) {
	leak.VerifyNoLeaks(t, func() {
		if _, err := FirstChunkFixed(context.Background(), strings.Repeat("x", 100)); err != nil {
			t.Error(err)
		}
	})
}

func TestQuotasUseKeepsItsLock(t *testing.T) {
	q := &Quotas{}
	expectLeak(t, func() {
		if q.Use("a", 5, 1) {
			t.Error("Use over the limit succeeded")
		}
		// The over-limit return kept q.mu: the next caller waits for ever.
		go q.Use("a", 1, 10)
	}, "sync.Mutex.Lock", "service.(*Quotas).Use")
}

func TestQuotasUseFixedLeaksNothing(t *testing.T) {
	q := &Quotas{}
	leak.VerifyNoLeaks(t, func() {
		if q.UseFixed("a", 5, 1) {
			t.Error("UseFixed over the limit succeeded")
		}
		done := make(chan bool)
		go func() { done <- q.UseFixed("a", 1, 10) }()
		if !<-done {
			t.Error("UseFixed within the limit failed")
		}
	})
}

func failingFetch(id int) (string, error) {
	if id%2 == 1 {
		return "", fmt.Errorf("item %d: not found", id)
	}
	return strconv.Itoa(id), nil
}

func TestFetchAllWaitsForEver(t *testing.T) {
	expectLeak(t, func() {
		// FetchAll's Wait never returns once a fetch fails: run it where
		// the check can see the goroutine it strands.
		go FetchAll([]int{1, 2}, failingFetch)
	}, "sync.WaitGroup.Wait", "service.FetchAll")
}

func TestFetchAllFixedLeaksNothing(t *testing.T) {
	leak.VerifyNoLeaks(t, func() {
		if got := FetchAllFixed([]int{1, 2}, failingFetch); len(got) != 1 || got[0] != "2" {
			t.Errorf("FetchAllFixed = %q, want [2]", got)
		}
	})
}
