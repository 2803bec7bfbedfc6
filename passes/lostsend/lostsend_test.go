package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/lostsend"
)

func testdata(*testing.T) string { return passtest.Testdata() }

func TestLostsend(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lostsend.Analyzer, "lostsend")
}

// TestCommonPatterns runs the pass over Go's own goroutine leak corpus.
func TestCommonPatterns(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendcommonpatterns")
}

func TestDepthFlag(t *testing.T) {
	a := lostsend.New(lostsend.Config{Depth: lostsend.DefaultDepth})
	if err := a.Flags.Set("depth", "0"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata(t), a, "lostsenddepth")
	if got := lostsend.Analyzer.Flags.Lookup("depth").Value.String(); got != "3" {
		t.Errorf("setting a configured analyzer's depth changed the default one's to %s", got)
	}
}
