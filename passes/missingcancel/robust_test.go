package missingcancel_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingcancel"
)

// TestHugeFunction runs the pass over one function of some 5,000
// statements, with many branches, counted loops and acquisitions, and
// requires it to find the one leak in bounded time.
func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses a large package")
	}
	var b strings.Builder
	b.WriteString("package huge\n\nimport \"context\"\n\nvar bg = context.Background()\n\nfunc use(context.Context) {}\n\nfunc _(x int) {\n")
	b.WriteString("\tctx, cancel := context.WithCancel(bg) // ok\n\tdefer cancel()\n")
	for i := range 1000 {
		fmt.Fprintf(&b, "\tif x == %d {\n\t\tx++\n\t}\n", i)
		fmt.Fprintf(&b, "\tc%d, cancel%d := context.WithCancel(ctx) // ok\n", i, i)
		fmt.Fprintf(&b, "\tfor j := range 3 {\n\t\tif j == 1 {\n\t\t\tcancel%d()\n\t\t}\n\t}\n", i)
		fmt.Fprintf(&b, "\tuse(c%d)\n", i)
	}
	b.WriteString("\tleaked, stop := context.WithCancel(ctx) // want `not called on the path through the return`\n")
	b.WriteString("\tif x > 0 {\n\t\tstop()\n\t}\n\tuse(leaked)\n}\n")

	dir := t.TempDir()
	pkg := filepath.Join(dir, "src", "huge")
	if err := os.MkdirAll(pkg, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pkg, "huge.go"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	analysistest.Run(t, dir, missingcancel.Analyzer, "huge")
	// Loading and type-checking take most of this; the bound catches a
	// search that goes quadratic in the blocks or the loop iterations.
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("analysing a 5,000-statement function took %v", d)
	}
}
