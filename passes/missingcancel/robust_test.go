package missingcancel_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/internal/passtest"
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

	passtest.RunGenerated(t, missingcancel.Analyzer, "huge", b.String(), time.Minute)
}
