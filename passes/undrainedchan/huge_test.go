package undrainedchan_test

import (
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
	passtest.BranchyBody(&b, n)
	b.WriteString("\treturn n\n}\n")
	return b.String()
}

func TestHugeFunction(t *testing.T) {
	if testing.Short() {
		t.Skip("generates and analyses a 5,000-statement function")
	}
	passtest.RunGenerated(t, undrainedchan.Analyzer, "huge", hugeSource(5000), time.Minute)
}
