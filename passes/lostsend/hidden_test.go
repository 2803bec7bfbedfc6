package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

func TestHidden(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lostsend.Analyzer, "lostsendhidden")
}
