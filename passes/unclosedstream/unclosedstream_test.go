package unclosedstream_test

import (
	"fmt"
	"strings"
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
	if got := a.Flags.Lookup("types").Value.String(); !strings.HasPrefix(got, "database/sql.Rows,os.File:Close") {
		t.Errorf("-types = %q after Set", got)
	}
	for _, good := range []string{"net/http.Response.Body:Close", "database/sql.Rows:Close:Next", "gopkg.in/yaml.v3.Decoder"} {
		if err := a.Flags.Set("types", good); err != nil {
			t.Errorf("valid -types=%q rejected: %v", good, err)
		}
	}
	for _, bad := range []string{"Rows", "database/sql.", "database/sql.Rows:", "database/sql.Rows:Clo se", "a/.T", "database/sql.Rows:Close:Next:More", "net/http.Response..Body:Close", "database/sql.Rows:Close:"} {
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

// TestFieldAndIteratorTypes: -unclosedstream.types names a release
// through a field and an iterator method.
func TestFieldAndIteratorTypes(t *testing.T) {
	a := unclosedstream.New(unclosedstream.Config{Types: []string{
		"unclosedstream/fieldtypes/api.Reply.Stream:Close",
		"unclosedstream/fieldtypes/api.Cursor:Close:Advance",
	}})
	analysistest.Run(t, testdata, a, "unclosedstream/fieldtypes/api", "unclosedstream/fieldtypes/use")
}

// TestTypesResolved: an entry whose package the analysed package sees
// must resolve, else the run fails with an error naming the entry; an
// entry whose package it does not see is no error and checks nothing.
func TestTypesResolved(t *testing.T) {
	const api = "unclosedstream/fieldtypes/api"
	for _, c := range []struct{ entry, want string }{
		{api + ".Reply", `"` + api + `.Reply": ` + api + `.Reply has no method Close; to release through its field, write ` + api + `.Reply.Stream:Close`},
		{api + ".Reply:Stream", `"` + api + `.Reply:Stream": Stream is a field of ` + api + `.Reply, not a method: name the release through it, as ` + api + `.Reply.Stream:Close`},
		{api + ".Rply", `"` + api + `.Rply": package ` + api + ` has no type Rply`},
		{api + ".Reply.Strm:Close", `"` + api + `.Reply.Strm:Close": ` + api + `.Reply has no field Strm`},
		{api + ".Reply.Stream:Read", `"` + api + `.Reply.Stream:Read": ` + api + `.Reply.Stream.Read takes arguments`},
		{api + ".Cursor:Close:Close", `"` + api + `.Cursor:Close:Close": ` + api + `.Cursor.Close is not an iterator method`},
	} {
		a := unclosedstream.New(unclosedstream.Config{Types: []string{c.entry}})
		var r recorder
		analysistest.Run(&r, testdata, a, api)
		all := strings.Join(r.msgs, "\n")
		if !strings.Contains(all, c.want) {
			t.Errorf("-unclosedstream.types=%s: want an error containing %q, got:\n%.600s", c.entry, c.want, all)
		}
	}
	// Not imported by the package: nothing to check, nothing reported
	// beyond the defaults.
	a := unclosedstream.New(unclosedstream.Config{Types: []string{"example.com/nowhere.Thing:Release"}})
	analysistest.Run(t, testdata, a, "unclosedstream/rows")
}

type recorder struct{ msgs []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestBodycloseCases: the shapes of bodyclose's own test cases.
func TestBodycloseCases(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/bodyclose")
}

// TestSqlclosecheckCases: the shapes of sqlclosecheck's database/sql and
// pgx test cases.
func TestSqlclosecheckCases(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/sqlclose", "unclosedstream/pgxrows")
}

func TestHTTPResponseInTests(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "unclosedstream/httptests")
}

func TestOSFile(t *testing.T) {
	a := unclosedstream.New(unclosedstream.Config{Types: []string{"os.File"}})
	analysistest.Run(t, testdata, a, "unclosedstream/osfile")
}

// TestHeldoutA holds the real leaks of the held-out-a corpora (go-redis).
func TestHeldoutA(t *testing.T) {
	analysistest.Run(t, testdata, unclosedstream.Analyzer, "heldouta/unclosedstream")
}
