package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingunlock"
)

// TestHeldoutBGeneratedFakes is syncthing's lib/*/mocks (held-out corpus
// b): counterfeiter fakes record each call under the method's lock and
// then the invocations lock, while Invocations, which no syncthing code
// calls, takes them the other way round. An AB-BA pair whose two orders
// are both in generated files is not reported; the same shape written by
// hand still is.
func TestHeldoutBGeneratedFakes(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutbmissingunlock/fakes")
}
