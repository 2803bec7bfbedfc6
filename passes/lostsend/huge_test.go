package lostsend_test

import (
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/lostsend"
)

// hugeSource is a generated function of n statements that receives from a
// channel on half of its branches, loops, and jumps forward with goto: the
// shapes that multiply paths. The states per block stay bounded, so the
// pass must finish in time and still find the leak of its early return.
func hugeSource(n int) string {
	var b strings.Builder
	b.WriteString("package huge\n\nfunc _(xs []int) int {\n\tch := make(chan int)\n")
	b.WriteString("\tfor _, x := range xs {\n\t\tgo func() {\n\t\t\tch <- x // want `goroutines started in a loop send on ch`\n\t\t}()\n\t}\n\tn := 0\n")
	passtest.BranchyBody(&b, n)
	b.WriteString("\treturn n\n}\n")
	return b.String()
}

func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses a 5,000-statement function")
	}
	passtest.RunGenerated(t, lostsend.Analyzer, "huge", hugeSource(5000), time.Minute)
}
