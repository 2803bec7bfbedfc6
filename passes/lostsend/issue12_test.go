package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

// TestIssue12 holds the real-code shapes of issue 12: symbolic counts,
// joins, drains, selects whose other cases stop the test, and the real
// leaks that stay reported.
func TestIssue12(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendissue12")
}
