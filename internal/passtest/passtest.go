// Package passtest holds the test harness the leaklint passes share beyond
// analysistest itself: running a pass over generated source (huge or odd
// functions) within a time bound, and checking that a pass declines a
// package that does not type-check instead of crashing on it.
package passtest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
)

// RunGenerated writes src as the only file of package pkg in a fresh
// GOPATH-style tree and runs a over it with analysistest, so the source's
// `// want` comments are checked. It fails t if the run takes longer than
// limit: loading takes most of a normal run, so the bound catches a path
// search that goes quadratic in blocks or loop iterations.
func RunGenerated(t *testing.T, a *analysis.Analyzer, pkg, src string, limit time.Duration) {
	t.Helper()
	dir := t.TempDir()
	pkgDir := filepath.Join(dir, "src", pkg)
	if err := os.MkdirAll(pkgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkgDir, pkg+".go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	analysistest.Run(t, dir, a, pkg)
	if d := time.Since(start); d > limit {
		t.Errorf("%s took %v on the generated package %s (limit %v)", a.Name, d, pkg, limit)
	}
}

// ExpectDeclined runs a over pkg, a package with type errors under
// testdata, and fails t unless the driver declined it: SSA assumes
// well-typed code, so a pass must neither run on partial information nor
// crash. forbidden lists words of the pass's own findings that must not
// appear in what the driver reports.
func ExpectDeclined(t *testing.T, testdata string, a *analysis.Analyzer, pkg string, forbidden ...string) {
	t.Helper()
	if a.RunDespiteErrors {
		t.Fatalf("%s runs despite type errors, on input SSA cannot represent", a.Name)
	}
	var r recorder
	analysistest.Run(&r, testdata, a, pkg)
	all := strings.Join(r.msgs, "\n")
	if !strings.Contains(all, "failed prerequisites") {
		t.Errorf("the ill-typed package %s was analysed:\n%s", pkg, all)
	}
	for _, bad := range append([]string{"panic"}, forbidden...) {
		if strings.Contains(all, bad) {
			t.Errorf("report on the ill-typed package %s mentions %q:\n%s", pkg, bad, all)
		}
	}
}

// recorder collects what analysistest reports instead of failing on it.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// Testdata returns the shared GOPATH of the leaklint analysistest packages,
// analysistest/testdata at the module root, wherever the calling test runs.
func Testdata() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("passtest: cannot locate its own source to find analysistest/testdata")
	}
	return filepath.Join(filepath.Dir(file), "..", "..", "analysistest", "testdata")
}

// BranchyBody writes n statements of a function body over `xs []int`, an
// int `n` and a channel `ch` of int already in scope: receives from ch on
// half of the branches, counted loops, and forward gotos, the shapes that
// multiply paths. The caller writes the head and ends with `return n`.
func BranchyBody(b *strings.Builder, n int) {
	for i := range n {
		switch {
		case i%100 == 99:
			fmt.Fprintf(b, "\tif n > %d {\n\t\tgoto L%d\n\t}\n\tn--\nL%d:\n", i, i, i)
		case i%50 == 49:
			fmt.Fprintf(b, "\tfor j := 0; j < %d; j++ {\n\t\tn += j\n\t}\n", i%7)
		case i%2 == 0:
			fmt.Fprintf(b, "\tif xs[%d] > n {\n\t\tn += <-ch\n\t}\n", i%13)
		default:
			fmt.Fprintf(b, "\tn += %d\n", i%5)
		}
	}
}
