package undrainedchan_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/undrainedchan"
)

// hugeSource is a generated consumer of n statements that receives from a
// producer on half of its branches, loops, and jumps forward with goto,
// then returns without draining it.
func hugeSource(n int) string {
	var b strings.Builder
	b.WriteString(`package huge

import "context"

func gen(ctx context.Context) <-chan int { // want gen:` + "`producer`" + `
	ch := make(chan int)
	go func() {
		for i := 0; ; i++ {
			select {
			case ch <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func _(ctx context.Context, xs []int) int {
	ch := gen(ctx) // want ` + "`ch from huge.gen .* its context cannot be cancelled by this function`" + `
	n := 0
`)
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
	passtest.RunGenerated(t, undrainedchan.Analyzer, "huge", hugeSource(5000), time.Minute)
}
