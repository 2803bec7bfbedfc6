package main

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

type markFact struct{}

func (*markFact) AFact()         {}
func (*markFact) String() string { return "mark" }

// TestSuiteReportsPerPass runs two passes as a suite: each reporter
// reports its own pass's findings only, a fact exported by one pass on a
// dependency reaches that pass on the importer, and a pass that panics
// fails alone; the passes run at once on a package whose SSA form was
// built early.
func TestSuiteReportsPerPass(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) {
		path := filepath.Join(dir, "src", name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("dep/dep.go", "package dep\n\nfunc F() {}\n")
	write("a/a.go", "package a // want `marked import`\n\nimport \"dep\"\n\nvar _ = dep.F\n")
	marker := &analysis.Analyzer{
		Name:      "marker",
		Doc:       "marks F, and reports a package importing a marked function",
		FactTypes: []analysis.Fact{new(markFact)},
		Run: func(pass *analysis.Pass) (any, error) {
			if obj := pass.Pkg.Scope().Lookup("F"); obj != nil {
				pass.ExportObjectFact(obj, new(markFact))
			}
			for _, imp := range pass.Pkg.Imports() {
				if obj := imp.Scope().Lookup("F"); obj != nil && pass.ImportObjectFact(obj, new(markFact)) {
					pass.Reportf(pass.Files[0].Package, "marked import")
				}
			}
			return nil, nil
		},
	}
	panicker := &analysis.Analyzer{
		Name: "panicker",
		Doc:  "panics",
		Run:  func(*analysis.Pass) (any, error) { panic("boom") },
	}
	// Every package is built early: the passes see the same result.
	var asked sync.Map
	early := func(pass *analysis.Pass) bool {
		asked.Store(pass.Pkg.Path(), true)
		return true
	}
	reporters := suite(nil, nil, early, marker, panicker)
	if reporters[0].Name != "marker" || reporters[1].Name != "panicker" {
		t.Fatalf("reporters named %s, %s", reporters[0].Name, reporters[1].Name)
	}
	analysistest.Run(t, dir, reporters[0], "a")
	for _, p := range []string{"a", "dep"} {
		if _, ok := asked.Load(p); !ok {
			t.Errorf("early not asked about %s", p)
		}
	}
}
