// Package heldoutbmissingdone holds the shapes reviewed on moby's
// daemon/libnetwork (held-out corpus b): parallel tests share a
// package-level WaitGroup; the first counts the others and waits, and
// each of the others counts itself down.
package heldoutbmissingdone

import (
	"sync"
	"testing"
)

const workers = 4

var (
	start sync.WaitGroup
	ready = make(chan struct{})
)

// runInstance is run by five parallel tests: instance 0 counts the four
// others, which count themselves down on their own path.
func runInstance(t *testing.T, instance int) {
	t.Parallel()
	if instance == 0 {
		start.Add(workers)
		close(ready)
	} else {
		<-ready
		defer start.Done()
	}
	if instance == 0 {
		start.Wait()
	}
}

func TestInstance0(t *testing.T) { runInstance(t, 0) } // want TestInstance0:`may call Done on g:heldoutbmissingdone.start`
func TestInstance1(t *testing.T) { runInstance(t, 1) } // want TestInstance1:`may call Done on g:heldoutbmissingdone.start`

// own makes its group and counts two goroutines but starts one on the
// path to the Wait: still reported.
func own(skip bool) {
	var wg sync.WaitGroup
	wg.Add(2) // want `wg.Add counts 2 goroutines, but the path to the Wait at line 47 starts fewer`
	go func() { defer wg.Done() }()
	if !skip {
		go func() { defer wg.Done() }()
	}
	wg.Wait()
}

// lead is given a group it counts down itself when it is not the leader:
// its other runs count the leader's Add down.
func lead(wg *sync.WaitGroup, leader bool) {
	if leader {
		wg.Add(3)
		wg.Wait()
		return
	}
	defer wg.Done()
}
