package undrainedchan_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/undrainedchan"
)

func TestHidden(t *testing.T) {
	analysistest.Run(t, testdata(t), undrainedchan.Analyzer, "undrainedchanhiddenprod", "undrainedchanhidden")
}
