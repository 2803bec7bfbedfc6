package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingunlock"
)

// TestGenerics runs the pass over generic code: a mutex field of a generic
// struct is followed like any other, and locks taken through a type
// parameter constrained by sync.Locker must neither crash the pass nor be
// reported on a guess.
func TestGenerics(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "missingunlock/generics")
}
