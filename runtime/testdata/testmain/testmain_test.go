// Package testmain is a test binary for the runtime package's tests: its
// TestMain is leak.VerifyTestMain, and LEAKLINT_TESTMAIN_LEAK=1 makes one
// of its tests leak.
package testmain

import (
	"os"
	"testing"

	leak "github.com/leaklint/leaklint/runtime"
)

func TestMain(m *testing.M) { leak.VerifyTestMain(m, leak.WithTimeout(50e6)) }

// startedAtInit runs from package initialisation on: VerifyTestMain must
// not blame the tests for it.
var startedAtInit = func() chan struct{} {
	ch := make(chan struct{})
	go func() { <-ch }()
	return ch
}()

func TestClean(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	go close(done)
	<-done
}

func leakyProducer(ch chan<- int) { ch <- 1 }

func TestLeaky(t *testing.T) {
	if os.Getenv("LEAKLINT_TESTMAIN_LEAK") != "1" {
		t.Skip("leaks only when LEAKLINT_TESTMAIN_LEAK=1")
	}
	go leakyProducer(make(chan int))
}

// parkForever is started by a helper, not by the test function, so only
// the check's label can tell VerifyTestMain whose it is.
func parkForever(ch chan int) { <-ch }

func startParked() { go parkForever(make(chan int)) }

// TestLabelledTolerated leaks under a check that tolerates it: the
// goroutine carries the check's label, which names the test.
func TestLabelledTolerated(t *testing.T) {
	if os.Getenv("LEAKLINT_TESTMAIN_LEAK") != "1" {
		t.Skip("leaks only when LEAKLINT_TESTMAIN_LEAK=1")
	}
	leak.VerifyNoLeaks(t, startParked, leak.WithTolerance(1), leak.WithTimeout(0))
}
