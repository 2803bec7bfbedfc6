package lifecycle

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/lazyssa"
)

type needsTag struct{}

var needsFacts = NewFacts[needsTag]()

// needsAnalyzer reports, on each package clause, whether the engine would
// build SSA for a cancel kind, then analyses the package as a pass would,
// so that its facts reach its importers.
var needsAnalyzer = &analysis.Analyzer{
	Name:      "needssa",
	Doc:       "test: reports needsSSA for each package",
	Requires:  []*analysis.Analyzer{lazyssa.Analyzer},
	FactTypes: needsFacts.Types(),
	Run: func(pass *analysis.Pass) (any, error) {
		kind := &Kind{
			Facts:          needsFacts,
			Called:         true,
			DoneContext:    true,
			Constructors:   map[string]int{"context.WithCancel": 1},
			TriggerImports: []string{"context"},
		}
		e := &Engine{pass: pass, kind: kind}
		if e.needsSSA() {
			for _, f := range pass.Files {
				pass.Reportf(f.Package, "needs SSA")
			}
		}
		Analyze(pass, kind, pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy))
		return nil, nil
	},
}

// TestNeedsSSA: a package that only passes contexts along, or holds cancel
// functions only in functions no importer can call, is skipped;
// one that calls a constructor, declares a cancel-like parameter, checks a
// context's Err, or calls an imported function known (by its fact) to
// return a cancel function is not.
func TestNeedsSSA(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), needsAnalyzer, "plain", "ctor", "param", "errcheck", "onlywrap", "unexported", "getter", "concretedone")
}

type closeTag struct{}

var closeFacts = NewFacts[closeTag]()

// closeNeedsAnalyzer is needsAnalyzer for a must-close kind: responses,
// released through their body.
var closeNeedsAnalyzer = &analysis.Analyzer{
	Name:      "closeneedssa",
	Doc:       "test: reports needsSSA for each package, for a must-close kind",
	Requires:  []*analysis.Analyzer{lazyssa.Analyzer},
	FactTypes: closeFacts.Types(),
	Run: func(pass *analysis.Pass) (any, error) {
		kind := &Kind{
			Facts: closeFacts,
			Types: map[string]string{"net/http.Response": "Body.Close"},
		}
		e := &Engine{pass: pass, kind: kind}
		if e.relevant() && e.needsSSA() {
			for _, f := range pass.Files {
				pass.Reportf(f.Package, "needs SSA")
			}
		}
		Analyze(pass, kind, pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy))
		return nil, nil
	},
}

// TestMustCloseNeedsSSA: of the packages that import the must-close type's
// package, one that only names its headers is skipped; one where a value
// of the type appears (a call's result in a tuple, a parameter) is not.
func TestMustCloseNeedsSSA(t *testing.T) {
	analysistest.Run(t, analysistest.TestData(), closeNeedsAnalyzer, "headeronly", "respresult", "respparam")
}
