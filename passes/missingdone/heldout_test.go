package missingdone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingdone"
)

// TestHeldout holds the shapes reviewed on held-out corpora (prometheus,
// caddy, etcd), each written small.
func TestHeldout(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "heldoutmissingdone")
}

// TestIssue13Review holds held-out inputs written to break the pass: each
// rule's leak next to its correct variant.
func TestIssue13Review(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "missingdone/issue13review")
}

// TestIssue13ReviewFix checks the defer-Done fix on held-out inputs.
func TestIssue13ReviewFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, missingdone.Analyzer, "missingdone/issue13reviewfix")
}

// TestHeldoutA holds the shapes reviewed on the held-out-a corpora
// (raft, memberlist, serf, nats.go, go-redis, sarama, kafka-go).
func TestHeldoutA(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "heldouta/missingdone")
}

// TestHeldoutBSharedGroup is moby's defaultipam runParallelTests (held-out
// corpus b): a group the function did not make and also counts down
// itself, on another path, is counted down by its other runs; only a
// group the function makes is judged by what its path starts.
func TestHeldoutBSharedGroup(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "heldoutbmissingdone")
}
