package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingunlock"
)

// TestHeldout holds the real leaks reviewed on held-out corpora
// (prometheus, caddy, etcd), each written small.
func TestHeldout(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutmissingunlock/agentdb")
}

// TestHeldoutPausedSeries is prometheus' tsdb (db.go:1640 and :2552,
// once reported as AB-BA): a test holds a series lock on purpose and hands
// its unlock, through sync.Once and the lock's method value, to a hook the
// compaction it calls runs. The order is not reported; a method value run
// right away under the lock still is.
func TestHeldoutPausedSeries(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutmissingunlock/pausedseries")
}

// TestHeldoutTxn is etcd's mvcc store: a lock handed to the transaction a
// function returns is released by the transaction's End.
func TestHeldoutTxn(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutmissingunlock/txn")
}

// TestIssue13Review holds held-out inputs written to break the pass: each
// rule's leak next to its correct variant.
func TestIssue13Review(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/issue13review")
}

// TestIssue13ReviewFix checks the defer-unlock fix on held-out inputs.
func TestIssue13ReviewFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, missingunlock.Analyzer, "missingunlock/issue13reviewfix")
}

// TestHeldoutAYield is kafka-go's waitResponse: a lock handed to the
// caller as a result.
func TestHeldoutAYield(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldouta/missingunlock/yield")
}

// TestHeldoutAAsyncReply is nats.go's handleAsyncReply: a lock released by
// a closure the locking closure captured.
func TestHeldoutAAsyncReply(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldouta/missingunlock/asyncreply")
}

// TestHeldoutARewire is nats.go's ordered-consumer reset: a callee that
// releases the caller's lock before it takes another.
func TestHeldoutARewire(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldouta/missingunlock/rewire")
}

// TestHeldoutAOnceUnlock is miekg/dns's ListenAndServe run by memberlist's
// test: a lock released by a deferred release func a helper made.
func TestHeldoutAOnceUnlock(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldouta/missingunlock/onceunlock")
}

// TestHeldoutASelfStop is nats.go's push consumer handler: a real
// self-deadlock.
func TestHeldoutASelfStop(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldouta/missingunlock/selfstop")
}
