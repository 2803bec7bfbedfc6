package missingcancel_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingcancel"
)

func TestHidden(t *testing.T) {
	analysistest.Run(t, testdata, missingcancel.Analyzer, "missingcancel/hidden")
}
