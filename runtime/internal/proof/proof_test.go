package proof

import (
	"testing"

	"github.com/leaklint/leaklint/runtime/internal/leakgc"
)

// TestRetriesOnlyWhileItProgresses: the check asks for another
// collection until two in a row prove nothing new, never for a clean
// first dump or running goroutines, and a bounded number of times.
func TestRetriesOnlyWhileItProgresses(t *testing.T) {
	if !leakgc.Available() {
		t.Skip("no goroutineleak profile here")
	}
	var p Schedule
	if p.Due(1, 5, 0, 0, 0) {
		t.Error("tried at the first dump")
	}
	if p.Due(2, 5, 1, 0, 0) {
		t.Error("tried while a goroutine was still progressing")
	}
	if p.Due(2, 0, 0, 0, 0) || p.Due(2, 5, 0, 5, 0) || p.Due(2, 5, 0, 0, 1) {
		t.Error("tried within the tolerance or with resources still open")
	}
	if !p.Due(2, 5, 0, 0, 0) {
		t.Fatal("no try once every goroutine was blocked")
	}
	p.Proved(3) // 2 of 5 proven: progress
	if !p.Due(3, 5, 0, 0, 0) {
		t.Fatal("no second try after the first proved some")
	}
	p.Proved(3) // nothing new: one more chance
	if !p.Due(4, 5, 0, 0, 0) {
		t.Fatal("no further try after a single try that proved nothing new")
	}
	p.Proved(3) // nothing new twice in a row
	if p.Due(5, 5, 0, 0, 0) || p.Due(6, 5, 0, 0, 0) {
		t.Error("tried again after two tries in a row proved nothing new")
	}

	var q Schedule
	tries := 0
	for attempt, left := 2, 99; attempt < 20; attempt, left = attempt+1, left-1 {
		if q.Due(attempt, 100, 0, 0, 0) {
			tries++
			q.Proved(left)
		}
	}
	if tries != Tries {
		t.Errorf("%d tries while every one progressed, want the bound %d", tries, Tries)
	}
}

func TestNeverWithoutTheProfile(t *testing.T) {
	if leakgc.Available() {
		t.Skip("this runtime has the goroutineleak profile")
	}
	var p Schedule
	if p.Due(2, 5, 0, 0, 0) || p.Due(3, 5, 0, 0, 0) {
		t.Error("asked for a proof the runtime cannot give")
	}
}
