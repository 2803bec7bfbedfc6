package check

import (
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/labels"
)

func parked(release <-chan struct{}) { <-release }

// A check finds the goroutine its fn left blocked, once, and a clean fn
// passes.
func TestSessionFindsWhatRunLeft(t *testing.T) {
	if !labels.Visible() {
		t.Skip("the runtime shows no labels")
	}
	release := make(chan struct{})
	defer close(release)
	var pending []int
	cfg := &Config{Timeout: 20 * time.Millisecond, OnDump: func(_, n int) { pending = append(pending, n) }}
	self, _ := labels.ReadSelf()
	s, err := New(cfg, self)
	if err != nil {
		t.Fatal(err)
	}
	defer s.End()
	s.Run(self, t.Name(), func() { go parked(release) })
	r := s.Find(t.Name())
	if r == nil || len(r.Groups) != 1 || r.Groups[0].Count != 1 || r.Groups[0].State != "chan receive" {
		t.Fatalf("report = %+v, want one goroutine in chan receive", r)
	}
	if r.Groups[0].Function != "github.com/leaklint/leaklint/runtime/internal/check.parked" {
		t.Errorf("the report points at %s, not at parked", r.Groups[0].Function)
	}
	if len(pending) == 0 || pending[len(pending)-1] != 1 {
		t.Errorf("OnDump saw %v pending, want 1 at the last dump", pending)
	}

	clean, err := New(&Config{Timeout: 20 * time.Millisecond}, self)
	if err != nil {
		t.Fatal(err)
	}
	defer clean.End()
	clean.Run(self, t.Name(), func() {})
	if r := clean.Find(t.Name()); r != nil {
		t.Errorf("a clean fn was reported: %+v", r)
	}
}
