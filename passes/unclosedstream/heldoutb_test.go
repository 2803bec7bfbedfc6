package unclosedstream_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/unclosedstream"
)

// TestHeldoutB holds the shapes reviewed on the second set of held-out
// corpora (syncthing lib/discover/global.go:182, lib/upnp/upnp.go:608): a
// return on the error of io.ReadAll(resp.Body) leaks nothing, as the
// failed read has ended the connection; the other early returns of the
// same functions are still reported.
func TestHeldoutB(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "heldoutbunclosedstream")
}
