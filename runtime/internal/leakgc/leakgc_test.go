package leakgc

import (
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// header returns the header line of the goroutine whose stack holds fn,
// or "" if none does (yet).
func header(fn string) string {
	buf := make([]byte, 1<<20)
	dump := string(buf[:runtime.Stack(buf, true)])
	for _, g := range strings.Split(dump, "\n\n") {
		if strings.Contains(g, fn) {
			header, _, _ := strings.Cut(g, "\n")
			return header
		}
	}
	return ""
}

func blockForever() { <-make(chan int) }

func blockOn(ch chan int) { <-ch }

// TestCollectProvesUnreachableOnly runs the collection where the runtime
// has it: a goroutine blocked on a channel nothing else holds is marked,
// one blocked on a channel the test still holds is not.
func TestCollectProvesUnreachableOnly(t *testing.T) {
	if !Available() {
		if Collect() {
			t.Fatal("Collect ran without the goroutineleak profile")
		}
		t.Skipf("%s has no goroutineleak profile (Go 1.26 without GOEXPERIMENT=goroutineleakprofile)", runtime.Version())
	}
	reachable := make(chan int)
	defer close(reachable)
	go blockForever()
	go blockOn(reachable)
	// Wait (bounded) until both have parked: only blocked goroutines can
	// be proven.
	for deadline := time.Now().Add(time.Minute); ; runtime.Gosched() {
		a, b := header("leakgc.blockForever"), header("leakgc.blockOn")
		if strings.Contains(a, "[chan receive") && strings.Contains(b, "[chan receive") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not parked after a minute: %s / %s", a, b)
		}
	}
	if !Collect() {
		t.Fatal("Collect did not run although the profile exists")
	}
	if h := header("leakgc.blockForever"); !strings.Contains(h, "(leaked)") {
		t.Errorf("goroutine blocked on an unreachable channel not proven: %s", h)
	}
	if h := header("leakgc.blockOn"); strings.Contains(h, "(leaked)") {
		t.Errorf("goroutine blocked on a reachable channel marked leaked: %s", h)
	}
}

// smallObject allocates a small pointer-free object on the heap.
//
//go:noinline
func smallObject() *uint32 { return new(uint32) }

func lockTwice(mu *sync.Mutex) {
	mu.Lock()
	//leaklint:ignore missingunlock blocks on itself on purpose: the collector must prove it leaked
	mu.Lock()
}

// TestSeparateTinyLetsCollectProveMutex: a mutex allocated right after a
// small pointer-free object that stays live shares its allocation block,
// and a goroutine blocked on it is proven only if SeparateTiny ran in
// between.
func TestSeparateTinyLetsCollectProveMutex(t *testing.T) {
	if !Available() {
		t.Skipf("%s has no goroutineleak profile (Go 1.26 without GOEXPERIMENT=goroutineleakprofile)", runtime.Version())
	}
	live := smallObject()
	// As a check does around the code it checks: the mutex shares its
	// block neither with live nor with what the test allocates after it
	// (the block being filled is marked whole at each collection's start).
	SeparateTiny()
	mu := new(sync.Mutex)
	SeparateTiny()
	go lockTwice(mu)
	for deadline := time.Now().Add(time.Minute); ; runtime.Gosched() {
		h := header("leakgc.lockTwice")
		if strings.Contains(h, "[sync.Mutex.Lock") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not parked after a minute: %s", h)
		}
	}
	if !Collect() {
		t.Fatal("Collect did not run although the profile exists")
	}
	if h := header("leakgc.lockTwice"); !strings.Contains(h, "(leaked)") {
		t.Errorf("goroutine blocked on a mutex nothing else holds not proven by the first collection: %s", h)
	}
	runtime.KeepAlive(live)
}
