package dump

import (
	"testing"
	"time"
)

// The wait between dumps doubles from FirstInterval, stays at least four
// times what a dump costs, and is capped at 50ms.
func TestNextInterval(t *testing.T) {
	for _, tc := range []struct{ last, cost, want time.Duration }{
		{FirstInterval, 0, 2 * time.Millisecond},
		{2 * time.Millisecond, 3 * time.Millisecond, 12 * time.Millisecond},
		{40 * time.Millisecond, 0, 50 * time.Millisecond},
		{time.Millisecond, time.Second, 50 * time.Millisecond},
	} {
		if got := NextInterval(tc.last, tc.cost); got != tc.want {
			t.Errorf("NextInterval(%v, %v) = %v, want %v", tc.last, tc.cost, got, tc.want)
		}
	}
}

// Goroutines exiting end the wait early, but never before minGap: with a
// minGap as long as the wait, WaitForExit waits until the time given
// however many goroutines exit meanwhile.
func TestWaitForExitKeepsMinGap(t *testing.T) {
	release := make(chan struct{})
	for range 100 {
		go parkedReceive(release)
	}
	until := time.Now().Add(5 * time.Millisecond)
	close(release)
	WaitForExit(until, 5*time.Millisecond)
	if now := time.Now(); now.Before(until) {
		t.Errorf("WaitForExit returned %v early, before its minimum gap", until.Sub(now))
	}
}
