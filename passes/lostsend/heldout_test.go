package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

// TestHeldout holds the shapes reviewed on held-out corpora (prometheus,
// caddy, etcd), each written small.
func TestHeldout(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "heldoutlostsend")
}
