package budget

import (
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func TestGraceScalesWithTimeoutAndRace(t *testing.T) {
	want := GraceFactor * 400 * time.Millisecond
	if Race() {
		want = RaceGraceFactor * 400 * time.Millisecond
	}
	if got := Grace(400 * time.Millisecond); got != want {
		t.Errorf("Grace(400ms) = %v, want %v (race: %v)", got, want, Race())
	}
	if got := Grace(0); got != 0 {
		t.Errorf("Grace(0) = %v: checking once must not wait", got)
	}
}

func TestProgressing(t *testing.T) {
	for state, want := range map[string]bool{
		"sleep": true, "runnable": true, "running": true, "syscall": true, "preempted": true,
		"chan receive": false, "select": false, "IO wait": false, "sync.Mutex.Lock": false,
	} {
		if got := Progressing(&stack.Goroutine{State: []byte(state)}); got != want {
			t.Errorf("Progressing(%q) = %v, want %v", state, got, want)
		}
	}
	if Progressing(&stack.Goroutine{State: []byte("sleep"), Leaked: true}) {
		t.Error("a goroutine the collector proved stuck is not progressing")
	}
}
