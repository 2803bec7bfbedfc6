// Package budget is a check's wait policy: which goroutines are still
// making progress, and so may earn time past the timeout, and how much
// time they earn by default.
package budget

import (
	"bytes"
	"math"
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

// sleepFrame is how the runtime prints the top frame of a goroutine
// parked in time.Sleep, up to its argument.
var sleepFrame = []byte("time.Sleep(0x")

// Sleep returns the duration g's current time.Sleep call was given, when
// g is asleep in one and the runtime printed that argument as exact (an
// argument it cannot vouch for ends in "?"). time.Sleep cannot be cut
// short, so g stays parked at least that long after the call began: a
// goroutine started during a check and found asleep for longer than the
// check may still wait cannot exit in time, however long it is given.
// It does not allocate.
func Sleep(g *stack.Goroutine) (time.Duration, bool) {
	if string(g.State) != "sleep" || !bytes.HasPrefix(g.Frames, sleepFrame) {
		return 0, false
	}
	var ns uint64
	digits := 0
	for _, c := range g.Frames[len(sleepFrame):] {
		var v byte
		switch {
		case c >= '0' && c <= '9':
			v = c - '0'
		case c >= 'a' && c <= 'f':
			v = c - 'a' + 10
		case c == ')' && digits > 0 && ns <= math.MaxInt64:
			return time.Duration(ns), true
		default:
			// "?" (inexact), "..." or anything unexpected.
			return 0, false
		}
		if digits++; digits > 16 {
			return 0, false
		}
		ns = ns<<4 | uint64(v)
	}
	return 0, false
}
