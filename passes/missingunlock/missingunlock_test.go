package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/missingunlock"
)

var testdata = passtest.Testdata()

func TestBasic(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/basic")
}

func TestRWRNeedsAWriter(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/rwrnowriter")
}

func TestFactsAcrossPackages(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/lib", "missingunlock/user")
}

func TestLockWhileBlocked(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/mixed")
}

func TestDeferFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, missingunlock.Analyzer, "missingunlock/fix")
}

// TestGoKerFixed runs the pass over the GoKer kernels it flags, each with
// its upstream fix applied: none may be reported. Facts are not checked.
func TestGoKerFixed(t *testing.T) {
	var r factsIgnored
	for _, res := range analysistest.Run(&r, testdata, missingunlock.Analyzer, "lockgokerfixed") {
		for _, d := range res.Diagnostics {
			t.Errorf("%s: %s", res.Pass.Fset.Position(d.Pos), d.Message)
		}
	}
}

// factsIgnored takes analysistest's complaints about facts nobody
// expects, and nothing else matters to the caller.
type factsIgnored struct{}

func (factsIgnored) Errorf(string, ...any) {}

// TestRealCode holds the shapes reviewed on the corpus that were
// reported wrongly, each written small.
func TestRealCode(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/realcode")
}

// TestHandover holds locks kept across functions by design (a record
// says so to the releasing function), per-goroutine locks, and the slips
// next to them.
func TestHandover(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/handover")
}

// TestFeasible holds orders and re-locks that need paths the analysis
// cannot show to meet: a path bound to panic, orders kept apart by a flag,
// locks only one goroutine sees.
func TestFeasible(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/feasible")
}

// TestDependencyFacts: run on a dependency, the pass exports the facts an
// importer can use (lib's helpers, exposed's exported and handed-in
// locks) and skips a package whose locks no importer can reach (sealed);
// the findings in user, the package checked, stay the same.
func TestDependencyFacts(t *testing.T) {
	checked := func(pass *analysis.Pass) bool { return pass.Pkg.Path() == "missingunlock/user" }
	a := missingunlock.New(missingunlock.Config{Root: checked})
	analysistest.Run(t, testdata, a, "missingunlock/lib", "missingunlock/user", "missingunlock/sealed", "missingunlock/exposed")
}

// TestRecursiveFactIsStable: a recursive call sees the summary being
// built; its keys must come out the same on every run (they once depended
// on the order a growing map was ranged over).
func TestRecursiveFactIsStable(t *testing.T) {
	for range 10 {
		analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/recursive")
	}
}
