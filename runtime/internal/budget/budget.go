// Package budget is a check's wait policy: which goroutines are still
// making progress, and so may earn time past the timeout, and how much
// time they earn by default.
package budget

import (
	"time"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Progressing reports whether g may still be making progress on its own:
// sleeping, runnable, running, in a system call, or in any state that is
// not recognisably blocked on another goroutine or on I/O. A goroutine the
// collector proved stuck is not. It does not allocate.
func Progressing(g *stack.Goroutine) bool {
	if g.Leaked {
		return false
	}
	switch string(g.State) {
	case "chan receive", "chan send",
		"chan receive (nil chan)", "chan send (nil chan)",
		"select", "select (no cases)",
		"sync.Mutex.Lock", "sync.RWMutex.RLock", "sync.RWMutex.Lock",
		"sync.Cond.Wait", "sync.WaitGroup.Wait", "semacquire",
		"IO wait", "coroutine":
		return false
	}
	return true
}

// Default progress grace, as a multiple of the timeout. Goroutines that
// still run or sleep when the timeout passes are usually finishing work
// (a CPU-bound loop that checks for cancellation now and then, a retry
// sleeping its backoff); the grace is how long they may take. With the
// race detector the same work runs several times slower: CPU-bound
// goroutines that stop 1.75s after being told to are common under -race
// on two cores, so the race build allows 6s (with the 400ms default
// timeout) and other builds 2s. Blocked goroutines never wait for it.
const (
	GraceFactor     = 5
	RaceGraceFactor = 15
)

// Race reports whether the binary is built with -race.
func Race() bool { return race }

// Grace is the default progress grace for a check with this timeout.
func Grace(timeout time.Duration) time.Duration {
	if race {
		return RaceGraceFactor * timeout
	}
	return GraceFactor * timeout
}
