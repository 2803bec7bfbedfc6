package missingdone_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/missingdone"
)

var testdata = passtest.Testdata()

func TestBasic(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "missingdone/basic")
}

func TestDeferDoneFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, missingdone.Analyzer, "missingdone/fix")
}

// TestGoKerFixed runs the pass over the GoKer kernels the lock passes
// flag, each with its upstream fix applied: none may be reported.
func TestGoKerFixed(t *testing.T) {
	var r factsIgnored
	for _, res := range analysistest.Run(&r, testdata, missingdone.Analyzer, "lockgokerfixed") {
		for _, d := range res.Diagnostics {
			t.Errorf("%s: %s", res.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
}

type factsIgnored struct{}

func (factsIgnored) Errorf(string, ...any) {}

// TestRealCode holds the shapes reviewed on the corpus, each written small.
func TestRealCode(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "missingdone/realcode")
}

// TestNilGroup: a worker that counts down an optional group only when it
// is non-nil.
func TestNilGroup(t *testing.T) {
	analysistest.Run(t, testdata, missingdone.Analyzer, "missingdone/nilgroup")
}

// TestDependencyFacts: run on dependencies, the pass keeps the fact of a
// function an importer hands its own WaitGroup (pool) and skips a package
// whose WaitGroups no importer can reach (crew).
func TestDependencyFacts(t *testing.T) {
	a := missingdone.New(missingdone.Config{Root: func(*analysis.Pass) bool { return false }})
	analysistest.Run(t, testdata, a, "missingdone/pool", "missingdone/crew")
}
