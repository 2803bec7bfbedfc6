package missingcancel_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/passes/lostcancel"

	"github.com/leaklint/leaklint/passes/missingcancel"
)

// discard swallows analysistest's expectation errors: the copied testdata
// carries lostcancel's own `// want` comments, which this test does not
// check; it compares the two analyzers' findings instead.
type discard struct{}

func (discard) Errorf(string, ...any) {}

// precisionWins lists the lines of lostcancel's testdata where a
// precision rule of issue 12 says there is no leak, so missingcancel is
// silent where lostcancel reports.
var precisionWins = map[string]string{
	"b.go:19": "context.WithCancel(nil) panics: no context is made, nothing to cancel",
}

// TestLostcancelParity runs missingcancel over a verbatim copy of
// lostcancel's testdata (testdata/lostcancel_gopath, from x/tools v0.52.0)
// and requires it to flag exactly the creation lines that lostcancel flags,
// but those in precisionWins.
func TestLostcancelParity(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("testdata", "lostcancel_gopath"))
	if err != nil {
		t.Fatal(err)
	}
	pkgs := []string{"a", "b", "typeparams"}
	isCreation := func(d analysis.Diagnostic) bool {
		return strings.Contains(d.Message, "not used on all paths") || strings.Contains(d.Message, "should be called, not discarded")
	}
	theirs := lines(analysistest.Run(discard{}, dir, lostcancel.Analyzer, pkgs...), isCreation)
	ours := lines(analysistest.Run(discard{}, dir, missingcancel.Analyzer, pkgs...), func(analysis.Diagnostic) bool { return true })
	if len(theirs) < 15 {
		t.Fatalf("lostcancel flagged only %d creation lines; the copied testdata did not load: %v", len(theirs), theirs)
	}
	for _, l := range theirs {
		if _, ok := precisionWins[l]; ok {
			if slices.Contains(ours, l) {
				t.Errorf("missingcancel flags %s, where a precision rule says no leak: %s", l, precisionWins[l])
			}
			continue
		}
		if !slices.Contains(ours, l) {
			t.Errorf("lostcancel flags %s, missingcancel does not", l)
		}
	}
	for _, l := range ours {
		if !slices.Contains(theirs, l) {
			t.Errorf("missingcancel flags %s, where lostcancel is silent", l)
		}
	}
}

func lines(results []*analysistest.Result, keep func(analysis.Diagnostic) bool) []string {
	var out []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			if keep(d) {
				p := r.Pass.Fset.Position(d.Pos)
				out = append(out, fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}
