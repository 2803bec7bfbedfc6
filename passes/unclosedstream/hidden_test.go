package unclosedstream_test

import (
	"fmt"
	"strings"
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

func TestGenericMustClose(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/generic")
}

// recorder collects what analysistest reports, to check the report on a
// package that does not type-check.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestTypeErrors: the SSA builder assumes well-typed code, so the pass
// must not run on a package with type errors (its prerequisites decline
// it, as go vet and gopls do), and then neither crashes nor reports
// findings from partial information.
func TestTypeErrors(t *testing.T) {
	if unclosedstream.Analyzer.RunDespiteErrors {
		t.Fatal("unclosedstream runs despite type errors, on input SSA cannot represent")
	}
	var r recorder
	analysistest.Run(&r, testdata, unclosedstream.Analyzer, "unclosedstream/typeerror")
	all := strings.Join(r.msgs, "\n")
	if !strings.Contains(all, "failed prerequisites") {
		t.Errorf("the ill-typed package was analysed:\n%s", all)
	}
	for _, bad := range []string{"panic", "not closed"} {
		if strings.Contains(all, bad) {
			t.Errorf("report on an ill-typed package mentions %q:\n%s", bad, all)
		}
	}
}
