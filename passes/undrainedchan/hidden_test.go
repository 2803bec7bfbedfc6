package undrainedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/undrainedchan"
)

func TestHidden(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "undrainedchanhiddenprod", "undrainedchanhidden")
}

// TestWrapper checks a producer that only wraps another package's, across
// packages through the facts.
func TestWrapper(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "undrainedchanwrapprod", "undrainedchanwrap")
}
