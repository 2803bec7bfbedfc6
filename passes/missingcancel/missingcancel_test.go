package missingcancel_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/missingcancel"
)

// testdata is the shared GOPATH of the leaklint analysistest packages.
var testdata = passtest.Testdata()

func TestBasic(t *testing.T) {
	analysistest.Run(t, testdata, missingcancel.Analyzer, "missingcancel/basic")
}

func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, testdata, missingcancel.Analyzer, "missingcancel/lib", "missingcancel/wrappers")
}

func TestMainIsExempt(t *testing.T) {
	analysistest.Run(t, testdata, missingcancel.Analyzer, "missingcancel/mainexempt")
}

func TestDiscardFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, missingcancel.Analyzer, "missingcancel/discardfix")
}

func TestConfiguredFuncs(t *testing.T) {
	a := missingcancel.New(missingcancel.Config{})
	if err := a.Flags.Set("funcs", "(*missingcancel/configfuncs.Pool).Lease"); err != nil {
		t.Fatal(err)
	}
	analysistest.Run(t, testdata, a, "missingcancel/configfuncs")
	if got := missingcancel.Analyzer.Flags.Lookup("funcs").Value.String(); got != "" {
		t.Errorf("configuring a New analyzer changed the default Analyzer's -funcs to %q", got)
	}
}

// TestIssue12 holds the precision rules of issue 12 and the shapes found
// on real code, with the real leaks that must stay reported.
func TestIssue12(t *testing.T) {
	analysistest.Run(t, testdata, missingcancel.Analyzer, "missingcancelissue12/waitfor", "missingcancelissue12")
}

// TestHeldoutA holds the real leaks of the held-out-a corpora (nats.go).
func TestHeldoutA(t *testing.T) {
	analysistest.Run(t, testdata, missingcancel.Analyzer, "heldouta/missingcancel")
}
