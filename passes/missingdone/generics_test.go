package missingdone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingdone"
)

// TestGenerics runs the pass over generic code: WaitGroups used in generic
// functions and kept in generic structs are followed as in plain code.
func TestGenerics(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "missingdone/generics")
}
