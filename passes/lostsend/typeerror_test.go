package lostsend_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

// recorder collects what analysistest reports.
type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestTypeErrors: SSA assumes well-typed code, so the pass must be
// declined on an ill-typed package rather than crash or guess.
func TestTypeErrors(t *testing.T) {
	if lostsend.Analyzer.RunDespiteErrors {
		t.Fatal("lostsend runs despite type errors, on input SSA cannot represent")
	}
	var r recorder
	analysistest.Run(&r, testdata(t), lostsend.Analyzer, "lostsendtypeerror")
	all := strings.Join(r.msgs, "\n")
	if !strings.Contains(all, "failed prerequisites") {
		t.Errorf("the ill-typed package was analysed:\n%s", all)
	}
	for _, bad := range []string{"panic", "block forever"} {
		if strings.Contains(all, bad) {
			t.Errorf("report on an ill-typed package mentions %q:\n%s", bad, all)
		}
	}
}
