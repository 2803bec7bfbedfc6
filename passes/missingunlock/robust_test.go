package missingunlock_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/missingunlock"
)

func TestTypeErrorsAreDeclined(t *testing.T) {
	passtest.ExpectDeclined(t, testdata, missingunlock.Analyzer, "missingunlock/typeerror", "not unlocked")
}

// TestHugeFunction runs the pass over one function of some 5,000
// statements, with many branches, loops, and locks taken and released
// under conditions, and requires it to find the one slip in bounded time.
func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses a large package")
	}
	var b strings.Builder
	b.WriteString("package huge\n\nimport \"sync\"\n\ntype s struct {\n")
	for i := range 40 {
		fmt.Fprintf(&b, "\tmu%d sync.Mutex\n", i)
	}
	b.WriteString("}\n\nfunc (v *s) _(xs []int, n int, ch chan int) int {\n")
	for i := range 40 {
		fmt.Fprintf(&b, "\tif xs[%d] > n {\n\t\tv.mu%d.Lock() // ok\n\t\tn++\n\t\tv.mu%d.Unlock()\n\t}\n", i%13, i, i)
	}
	b.WriteString("\tv.mu1.Lock() // ok\n\tdefer v.mu1.Unlock()\n")
	passtest.BranchyBody(&b, 4000)
	b.WriteString("\tv.mu0.Lock() // want `v.mu0 is not unlocked`\n\tif n > 3 {\n\t\treturn n\n\t}\n\tv.mu0.Unlock()\n")
	b.WriteString("\treturn n\n}\n")
	passtest.RunGenerated(t, missingunlock.Analyzer, "huge", b.String(), time.Minute)
}
