package confirm

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture copies testdata file name into dir, replacing ${SVC} with the
// absolute path of testdata/svc/svc.go (or with svc when it is given).
func fixture(t *testing.T, dir, name, svc string) string {
	t.Helper()
	if svc == "" {
		abs, err := filepath.Abs(filepath.Join("testdata", "svc", "svc.go"))
		if err != nil {
			t.Fatal(err)
		}
		svc = abs
	}
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, filepath.Base(name))
	if err := os.WriteFile(out, []byte(strings.ReplaceAll(string(data), "${SVC}", filepath.ToSlash(svc))), 0o644); err != nil {
		t.Fatal(err)
	}
	return out
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = Run(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

// joined runs the join over the standard fixtures, with the source file at
// svc ("" for the real one).
func joined(t *testing.T, svc string) Result {
	t.Helper()
	dir := t.TempDir()
	f, err := os.Open(fixture(t, dir, "findings.json", svc))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	findings, _, err := ReadFindings(f)
	if err != nil {
		t.Fatal(err)
	}
	reports, err := ReadReports([]string{fixture(t, dir, "reports/TestService-1.json", svc)})
	if err != nil {
		t.Fatal(err)
	}
	return Join(findings, reports)
}

// links returns "analyzer -> leak function or kind (match, site)".
func links(res Result) map[string]string {
	m := map[string]string{}
	for _, l := range res.Links {
		leak := res.Leaks[l.Leak]
		name := ""
		if leak.Goroutines != nil {
			name = leak.Goroutines.Function
		} else {
			name = leak.Unclosed.Kind
		}
		m[res.Findings[l.Finding].Analyzer+" -> "+name] = l.Match + ", " + l.Site
	}
	return m
}

func TestJoinWithSource(t *testing.T) {
	got := links(joined(t, ""))
	want := map[string]string{
		// created_by is the go statement the finding points at.
		"lostsend -> example.com/svc.lostSend.func1": "same statement, created_by",
		// The runtime saw the multi-line call at its second line.
		"unclosedstream -> StreamingContext": "same statement, origin",
		// The waiting goroutine was started in the function that lost the cancel.
		"missingcancel -> example.com/svc.lostCancel.func1": "same function, created_by",
	}
	if len(got) != len(want) {
		t.Errorf("got %d links, want %d:\n got %v\nwant %v", len(got), len(want), got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("link %s = %q, want %q", k, got[k], v)
		}
	}
	// The leak started on the line after the undrainedchan finding is a
	// different statement: it stays unexplained, as does the one nothing flags.
	for k := range got {
		if strings.Contains(k, "adjacent") || strings.Contains(k, "unexplained") {
			t.Errorf("unexpected link %s", k)
		}
	}
}

// Without the source, the rule falls back to the finding's own lines: the
// go statement's span (posn..end) still covers the sender, the multi-line
// call's span still covers line 34, but the same-function rule is gone.
func TestJoinWithoutSource(t *testing.T) {
	got := links(joined(t, "/nonexistent/svc/svc.go"))
	want := map[string]string{
		"lostsend -> example.com/svc.lostSend.func1": "same statement, created_by",
		"unclosedstream -> StreamingContext":         "same statement, origin",
	}
	if len(got) != len(want) {
		t.Errorf("got links %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("link %s = %q, want %q", k, got[k], v)
		}
	}
}

func TestTextOutput(t *testing.T) {
	dir := t.TempDir()
	findings := fixture(t, dir, "findings.json", "")
	report := fixture(t, dir, "reports/TestService-1.json", "")
	out, stderr, code := run(t, "-static", findings, report)
	if code != 1 {
		t.Fatalf("exit status %d, want 1 (two leaks are unexplained); stderr:\n%s", code, stderr)
	}
	for _, want := range []string{
		"Static findings (4):",
		"svc.go:46:11: undrainedchan: channel ch from StreamJSON is not drained\n      not confirmed: no run reported a leak here",
		"confirmed by TestService: 2 goroutines [chan send] at ",
		"Runtime leaks (5):",
		"TestService: StreamingContext never closed, created at ",
		"explained by unclosedstream at ",
		"1 goroutine [select (no cases)] at ",
		"unexplained (a gap in the passes)",
		"warning: analyzer lostsend failed on example.com/broken, its findings are missing: buildssa: internal error",
		"3 of 4 findings confirmed; 3 of 5 leaks explained, 2 unexplained",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestJSONOutput(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := run(t, "-json", "-static", fixture(t, dir, "findings.json", ""), fixture(t, dir, "reports/TestService-1.json", ""))
	if code != 1 {
		t.Fatalf("exit status %d, want 1; stderr:\n%s", code, stderr)
	}
	var res struct {
		Findings []struct {
			Analyzer    string `json:"analyzer"`
			ConfirmedBy []struct {
				Index int    `json:"index"`
				Match string `json:"match"`
			} `json:"confirmed_by"`
		} `json:"findings"`
		Leaks []struct {
			Test        string `json:"test"`
			Unexplained bool   `json:"unexplained"`
			ExplainedBy []struct {
				Index int `json:"index"`
			} `json:"explained_by"`
		} `json:"leaks"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	wantSummary := map[string]int{"findings": 4, "leaks": 5, "confirmed": 3, "explained": 3, "unexplained": 2}
	for k, v := range wantSummary {
		if res.Summary[k] != v {
			t.Errorf("summary[%s] = %d, want %d (summary %v)", k, res.Summary[k], v, res.Summary)
		}
	}
	// Links are reported on both sides and agree.
	for fi, f := range res.Findings {
		for _, ref := range f.ConfirmedBy {
			back := false
			for _, r := range res.Leaks[ref.Index].ExplainedBy {
				back = back || r.Index == fi
			}
			if !back {
				t.Errorf("finding %d (%s) confirmed by leak %d, which does not name it back", fi, f.Analyzer, ref.Index)
			}
		}
	}
}

func TestReportDirectoryAndAllExplained(t *testing.T) {
	dir := t.TempDir()
	findings := fixture(t, dir, "findings.json", "")
	reports := filepath.Join(dir, "reports")
	os.Mkdir(reports, 0o755)
	os.WriteFile(filepath.Join(reports, "TestSend-1.json"), []byte(`{"version": 1, "test": "TestSend", "leaks": [
		{"count": 1, "state": "chan send", "function": "f", "position": {"file": "`+svcPath(t)+`", "line": 22},
		 "created_by": {"function": "g", "file": "`+svcPath(t)+`", "line": 21}}]}`), 0o644)
	os.WriteFile(filepath.Join(reports, "notes.txt"), []byte("not a report"), 0o644)
	out, stderr, code := run(t, "-static", findings, reports)
	if code != 0 {
		t.Fatalf("exit status %d, want 0 (the one leak is explained); stderr:\n%s\n%s", code, stderr, out)
	}
	if !strings.Contains(out, "1 of 1 leaks explained, 0 unexplained") {
		t.Fatalf("output:\n%s", out)
	}
}

func svcPath(t *testing.T) string {
	abs, err := filepath.Abs(filepath.Join("testdata", "svc", "svc.go"))
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(abs)
}

func TestEmptyReportDirectoryMeansNothingConfirmed(t *testing.T) {
	dir := t.TempDir()
	out, stderr, code := run(t, "confirm", "-static", fixture(t, dir, "findings.json", ""), t.TempDir())
	if code != 0 || !strings.Contains(stderr, "no report files found") || !strings.Contains(out, "0 of 4 findings confirmed") {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, stderr)
	}
}

func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	findings := fixture(t, dir, "findings.json", "")
	report := fixture(t, dir, "reports/TestService-1.json", "")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		os.WriteFile(p, []byte(content), 0o644)
		return p
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no -static", []string{report}, "-static findings.json is required"},
		{"no report", []string{"-static", findings}, "no runtime report given"},
		{"missing findings file", []string{"-static", filepath.Join(dir, "nope.json"), report}, "static findings: open"},
		{"missing report", []string{"-static", findings, filepath.Join(dir, "nope.json")}, "runtime report: stat"},
		{"findings not JSON", []string{"-static", write("bad.json", "leaklint: 3 findings"), report}, "not the output of `leaklint -json`"},
		{"empty findings", []string{"-static", write("empty.json", ""), report}, "no JSON found"},
		{"report given as findings", []string{"-static", report, report}, "this is a runtime leak report, not static findings"},
		{"findings given as report", []string{"-static", findings, findings}, `no "version": not a runtime leak report`},
		{"future report", []string{"-static", findings, write("v2.json", `{"version": 2}`)}, "report version 2; this leaklint reads version 1"},
		{"truncated report", []string{"-static", findings, write("cut.json", `{"version": 1, "leaks": [`)}, "not a runtime leak report"},
		{"leak without sites", []string{"-static", findings, write("nosite.json", `{"version": 1, "leaks": [{"count": 1}]}`)}, "leak 1 has no position"},
		{"bad posn", []string{"-static", write("posn.json", `{"p": {"a": [{"posn": "file.go", "message": "m"}]}}`), report}, `position "file.go" is not file:line`},
		{"unknown flag", []string{"-confirm", "x"}, "flag provided but not defined"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := run(t, tc.args...)
			if code != 2 || !strings.Contains(stderr, tc.want) {
				t.Fatalf("exit %d, stderr:\n%s\nwant exit 2 and %q", code, stderr, tc.want)
			}
		})
	}
}

func TestReadFindingsDeduplicatesTestVariants(t *testing.T) {
	f, err := os.Open(fixture(t, t.TempDir(), "findings.json", ""))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	findings, failures, err := ReadFindings(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(findings) != 4 {
		t.Fatalf("%d findings, want 4 (the test variant repeats one)", len(findings))
	}
	if len(failures) != 1 || failures[0].Analyzer != "lostsend" {
		t.Fatalf("analysis errors %v, want the lostsend failure", failures)
	}
	if f := findings[0]; f.Analyzer != "missingcancel" || f.Posn.Line != 13 || f.Posn.Column != 12 || f.End.Line != 13 {
		t.Fatalf("first finding %+v, want missingcancel at 13:12", f)
	}
}

func TestParsePosn(t *testing.T) {
	for in, want := range map[string]Position{
		"/a/b.go:12:7":     {File: "/a/b.go", Line: 12, Column: 7},
		"/a/b.go:12":       {File: "/a/b.go", Line: 12},
		`C:\src\b.go:3:1`:  {File: `C:\src\b.go`, Line: 3, Column: 1},
		"/a/we:ird.go:5:2": {File: "/a/we:ird.go", Line: 5, Column: 2},
	} {
		got, err := parsePosn(in)
		if err != nil || got != want {
			t.Errorf("parsePosn(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "b.go", "b.go:x", "b.go:0:1", ":"} {
		if _, err := parsePosn(bad); err == nil {
			t.Errorf("parsePosn(%q) succeeded", bad)
		}
	}
}

func TestSameFile(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want bool
	}{
		{"/src/svc/h.go", "/src/svc/h.go", true},
		{"/src/svc/./h.go", "/src/svc/h.go", true},
		{"/src/svc/h.go", "/other/svc/h.go", false},     // both absolute: must be equal
		{"example.com/svc/h.go", "/src/svc/h.go", true}, // -trimpath
		{"example.com/svc/h.go", "/src/other/h.go", false},
		{"h.go", "/src/svc/h.go", false}, // a bare name is too weak
		{"", "/src/svc/h.go", false},
	} {
		if got := sameFile(tc.a, tc.b); got != tc.want {
			t.Errorf("sameFile(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestJoinRelatedPositionAndTrimpath(t *testing.T) {
	// No source at these paths: spans come from the JSON alone.
	findings := []Finding{{
		Analyzer: "lostsend",
		Posn:     Position{File: "/src/svc/h.go", Line: 10, Column: 2},
		Related:  []Position{{File: "/src/svc/h.go", Line: 30, Column: 3}},
	}}
	leakAt := func(file string, line int) Report {
		return Report{Version: 1, Test: "T", Leaks: []Leak{{Count: 1, CreatedBy: CreatedBy{File: file, Line: line}}}}
	}
	for _, tc := range []struct {
		name   string
		report Report
		want   bool
	}{
		{"related line", leakAt("/src/svc/h.go", 30), true},
		{"trimpath module path", leakAt("example.com/svc/h.go", 10), true},
		{"line after the finding", leakAt("/src/svc/h.go", 11), false},
		{"same line, other file", leakAt("/src/other/h.go", 10), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res := Join(findings, []Report{tc.report})
			if got := len(res.Links) == 1; got != tc.want {
				t.Fatalf("linked = %v, want %v (links %+v)", got, tc.want, res.Links)
			}
		})
	}
}
