package undrainedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/undrainedchan"
)

// TestIssue12 holds the real-code shapes of issue 12: buffers that take
// every send, one-shot producers, contexts the server cancels.
func TestIssue12(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "undrainedchanissue12")
}
