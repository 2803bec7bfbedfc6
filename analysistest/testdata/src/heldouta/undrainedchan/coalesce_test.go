// Package undrainedchan holds the real leaks of the held-out-a corpora
// (serf), each written small.
package undrainedchan

import (
	"testing"
	"time"
)

type event int

type flusher interface {
	Coalesce(e event)
	Flush(out chan<- event)
}

// loop hands every event to c, flushes it once a quantum or a quiet
// period ends, and flushes once more on shutdown (serf's coalesceLoop).
func loop(in <-chan event, out chan<- event, shutdown <-chan struct{}, quantumPeriod, quiet time.Duration, c flusher) { // want loop:`receives\(2\)`
	var quantum, quiescent <-chan time.Time
	stop := false

INGEST:
	quantum, quiescent = nil, nil
	for {
		select {
		case e := <-in:
			if e < 0 {
				out <- e // passed through
				continue
			}
			if quantum == nil {
				quantum = time.After(quantumPeriod)
			}
			quiescent = time.After(quiet)
			c.Coalesce(e)
		case <-quantum:
			goto FLUSH
		case <-quiescent:
			goto FLUSH
		case <-shutdown:
			stop = true
			goto FLUSH
		}
	}

FLUSH:
	c.Flush(out)
	if !stop {
		goto INGEST
	}
}

type sum struct{ n int }

func (s *sum) Coalesce(e event) { s.n += int(e) }

// Flush sends even when nothing was coalesced.
func (s *sum) Flush(out chan<- event) {
	out <- event(s.n)
	s.n = 0
}

func start(quiet time.Duration) (chan<- event, <-chan event, chan<- struct{}) { // want start:"producer.result 1."
	in := make(chan event, 8)
	out := make(chan event)
	shutdown := make(chan struct{})
	go loop(in, out, shutdown, quiet, time.Second, &sum{})
	return in, out, shutdown
}

// The test takes one flush and closes shutdown: the shutdown flush then
// sends on out, which nobody reads.
func TestCoalesce(t *testing.T) {
	in, out, shutdown := start(5 * time.Millisecond) // want `out from undrainedchan.start is received only once`
	defer close(shutdown)
	in <- 1
	in <- 41
	if got := <-out; got != 42 {
		t.Errorf("got %d", got)
	}
}
