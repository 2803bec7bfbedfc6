package lostsend_test

import (
	"testing"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/lostsend"
)

// TestTypeErrors: SSA assumes well-typed code, so the pass must be
// declined on an ill-typed package rather than crash or guess.
func TestTypeErrors(t *testing.T) {
	passtest.ExpectDeclined(t, testdata(t), lostsend.Analyzer, "lostsendtypeerror", "block forever")
}
