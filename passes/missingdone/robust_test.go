package missingdone_test

import (
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/missingdone"
)

func TestTypeErrorsAreDeclined(t *testing.T) {
	passtest.ExpectDeclined(t, testdata, missingdone.Analyzer, "missingdone/typeerror", "without calling")
}

// TestHugeFunction runs the pass over a goroutine of some 4,000
// statements that can skip its Done at the end, and requires the finding
// in bounded time.
func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses a large package")
	}
	var b strings.Builder
	b.WriteString("package huge\n\nimport \"sync\"\n\nfunc _(xs []int, ch chan int) {\n\tvar wg sync.WaitGroup\n\twg.Add(1) // ok\n\tgo func(n int) {\n")
	passtest.BranchyBody(&b, 4000)
	b.WriteString("\t\tif n > 3 {\n\t\t\treturn // want `without calling wg.Done`\n\t\t}\n\t\twg.Done()\n\t}(len(xs))\n\twg.Wait()\n}\n")
	passtest.RunGenerated(t, missingdone.Analyzer, "huge", b.String(), time.Minute)
}
