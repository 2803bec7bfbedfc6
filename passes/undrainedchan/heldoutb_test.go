package undrainedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/undrainedchan"
)

// TestHeldoutB holds the shapes reviewed on the second set of held-out
// corpora (consul agent/cache): a helper that receives once on every path
// that returns, the others stopping the test, releases a producer that
// sends once (cache_test.go, TestCacheGetCh and TestCacheGetChResult).
func TestHeldoutB(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "heldoutbundrainedchan")
}
