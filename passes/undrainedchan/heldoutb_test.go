package undrainedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/undrainedchan"
)

// TestHeldoutB holds the shapes reviewed on the second set of held-out
// corpora (consul agent/cache): a helper that receives once on every path
// that returns, the others stopping the test, releases a producer that
// sends once (cache_test.go, TestCacheGetCh and TestCacheGetChResult); a
// producer whose goroutine returns only after a failed method call on a
// parameter, its last send fitting the buffer, is ended by a consumer
// calling a method on that value (agent/consul/state,
// testRunSub and sub.Unsubscribe); a loop left once flags set after
// receiving each producer's one value hold has received them
// (cache_test.go:1630, chanflow.ReceivedEdge).
func TestHeldoutB(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "heldoutbundrainedchan")
}
