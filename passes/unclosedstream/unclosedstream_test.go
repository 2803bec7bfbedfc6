package unclosedstream_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/internal/passtest"
	"github.com/leaklint/leaklint/passes/unclosedstream"
)

// testdata is the shared GOPATH of the leaklint analysistest packages.
var testdata = passtest.Testdata()

func TestBasic(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/basic")
}

func TestRegressions(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/regressions")
}

func TestMustCloseDirectiveAcrossPackages(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/pool", "unclosedstream/mustclose")
}

func TestDeferFix(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata, unclosedstream.Analyzer, "unclosedstream/deferfix")
}

func TestConfiguredTypes(t *testing.T) {
	a := unclosedstream.New(unclosedstream.Config{Types: []string{"unclosedstream/configtypes/conn.Conn:Shutdown"}})
	analysistest.Run(t, testdata, a, "unclosedstream/configtypes/conn", "unclosedstream/configtypes/use")
}

func TestTypesFlag(t *testing.T) {
	a := unclosedstream.New(unclosedstream.Config{})
	if err := a.Flags.Set("types", "database/sql.Rows, os.File:Close"); err != nil {
		t.Fatalf("valid -types rejected: %v", err)
	}
	if got := a.Flags.Lookup("types").Value.String(); got != "database/sql.Rows,os.File:Close" {
		t.Errorf("-types = %q after Set", got)
	}
	for _, bad := range []string{"Rows", "database/sql.", "database/sql.Rows:", "database/sql.Rows:Clo se", "a/.T"} {
		if err := a.Flags.Set("types", bad); err == nil {
			t.Errorf("-types=%q accepted, want an error", bad)
		}
	}
	// Each analyzer has its own configuration.
	if got := unclosedstream.Analyzer.Flags.Lookup("types").Value.String(); got != "" {
		t.Errorf("setting a New analyzer's flag changed the default Analyzer's: %q", got)
	}
}

func TestHTTPResponse(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/httpbody")
}

func TestSQLRows(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/rows")
}

func TestPgxRows(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/pgxrows")
}
