package missingcancel_test

import (
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingcancel"
)

// testdata is the shared GOPATH of the leaklint analysistest packages.
var testdata = func() string {
	dir, err := filepath.Abs(filepath.Join("..", "..", "analysistest", "testdata"))
	if err != nil {
		panic(err)
	}
	return dir
}()

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
