package unclosedstream_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/unclosedstream"
)

func TestHidden(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/hidden")
}

func TestHiddenStdTypes(t *testing.T) {
	a := unclosedstream.New(unclosedstream.Config{Types: []string{"os.File", "database/sql.Rows", "database/sql.Tx:Rollback"}})
	analysistest.Run(t, testdata, a, "unclosedstream/hiddenstd")
}

func TestGenericMustClose(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/generic")
}

// TestTypeErrors: the SSA builder assumes well-typed code, so the pass
// must not run on a package with type errors (its prerequisites decline
// it, as go vet and gopls do), and then neither crashes nor reports
// findings from partial information.
func TestTypeErrors(t *testing.T) {
	passtest.ExpectDeclined(t, testdata, unclosedstream.Analyzer, "unclosedstream/typeerror", "not closed")
}
