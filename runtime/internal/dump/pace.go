package dump

import (
	"runtime"
	"time"
)

// NextInterval is the wait before the next dump, after one that took
// cost following a wait of last: it doubles from a millisecond, never
// below four times the dump's cost (so that dumping takes at most about a
// fifth of the time) and never above 50ms.
func NextInterval(last, cost time.Duration) time.Duration {
	return min(max(2*last, 4*cost), 50*time.Millisecond)
}

// FirstInterval is the interval NextInterval doubles from.
const FirstInterval = time.Millisecond

// WaitForExit sleeps until until, returning early when the goroutine
// count drops (something exited: worth another dump), but not before
// minGap so that dumping costs at most about half the wait.
// runtime.NumGoroutine costs a few nanoseconds; a dump of 10,000
// goroutines costs milliseconds.
func WaitForExit(until time.Time, minGap time.Duration) {
	start := time.Now()
	last := runtime.NumGoroutine()
	dropped := false
	step := 20 * time.Microsecond
	for {
		left := time.Until(until)
		if left <= 0 {
			return
		}
		time.Sleep(min(step, left))
		step = min(2*step, 2*time.Millisecond)
		n := runtime.NumGoroutine()
		dropped = dropped || n < last
		last = n
		if dropped && time.Since(start) >= minGap {
			return
		}
	}
}
