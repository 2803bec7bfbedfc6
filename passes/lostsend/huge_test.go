package lostsend_test

import (
	"fmt"
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
	for i := range n {
		switch {
		case i%100 == 99:
			fmt.Fprintf(&b, "\tif n > %d {\n\t\tgoto L%d\n\t}\n\tn--\nL%d:\n", i, i, i)
		case i%50 == 49:
			fmt.Fprintf(&b, "\tfor j := 0; j < %d; j++ {\n\t\tn += j\n\t}\n", i%7)
		case i%2 == 0:
			fmt.Fprintf(&b, "\tif xs[%d] > n {\n\t\tn += <-ch\n\t}\n", i%13)
		default:
			fmt.Fprintf(&b, "\tn += %d\n", i%5)
		}
	}
	b.WriteString("\treturn n\n}\n")
	return b.String()
}

func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses a 5,000-statement function")
	}
	passtest.RunGenerated(t, lostsend.Analyzer, "huge", hugeSource(5000), time.Minute)
}
