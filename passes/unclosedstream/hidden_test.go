package unclosedstream_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/unclosedstream"
)

func TestHidden(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/hidden")
}

func TestHiddenStdTypes(t *testing.T) {
	a := unclosedstream.New(unclosedstream.Config{Types: []string{"os.File", "database/sql.Rows", "database/sql.Tx:Rollback"}})
	analysistest.Run(t, testdata, a, "unclosedstream/hiddenstd")
}
