package directive

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func parseFile(t *testing.T, src string) (*token.FileSet, *ast.File) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	return fset, f
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		text    string
		ok      bool
		kind    Kind
		method  string
		wantErr string
	}{
		{text: "// leaklint:ignore x y", ok: false},
		{text: "//nolint", ok: false},
		{text: "//leaklint:ignore missingcancel kept by the pool", ok: true, kind: Ignore, method: "Close"},
		{text: "//leaklint:ignore", ok: true, wantErr: "needs a pass name"},
		{text: "//leaklint:", ok: true, wantErr: "empty leaklint directive"},
		{text: "//leaklint:mustclose", ok: true, kind: MustClose, method: "Close"},
		{text: "//leaklint:mustclose Cleanup", ok: true, kind: MustClose, method: "Cleanup"},
		{text: "//leaklint:mustclose a b", ok: true, wantErr: "at most one method"},
		{text: "//leaklint:mustclose 1x", ok: true, wantErr: "not a method name"},
		{text: "//leaklint:producer", ok: true, kind: Producer, method: "Close"},
		{text: "//leaklint:producer now", ok: true, wantErr: "takes no arguments"},
		{text: "//leaklint:mustclose Release // trailing note", ok: true, kind: MustClose, method: "Release"},
		{text: "//leaklint:ignore missingcancel // want x", ok: true, kind: Ignore, method: "Close"},
		{text: "//leaklint:ignor x y", ok: true, wantErr: `unknown leaklint directive "ignor"`},
	} {
		d, ok, err := Parse(&ast.Comment{Text: tc.text})
		if ok != tc.ok {
			t.Errorf("Parse(%q) ok = %v, want %v", tc.text, ok, tc.ok)
			continue
		}
		if tc.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("Parse(%q) error = %v, want %q", tc.text, err, tc.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tc.text, err)
			continue
		}
		if ok && (d.Kind != tc.kind || d.ReleaseMethod() != tc.method) {
			t.Errorf("Parse(%q) = %v/%q, want %v/%q", tc.text, d.Kind, d.ReleaseMethod(), tc.kind, tc.method)
		}
	}
}

const src = `package p

// T must be released.
//
//leaklint:mustclose Cleanup
type T struct{}

type (
	//leaklint:mustclose
	U struct{}
	V struct{}
)

func f() {
	a() //leaklint:ignore missingcancel the parent is cancelled by the caller
	//leaklint:ignore unclosedstream closed by the pool
	b()
	c()
	d() //leaklint:ignore missingcancel
}

// g is silenced as a whole.
//
//leaklint:ignore unclosedstream test fixture
func g() {
	e()
}

func a() {}
func b() {}
func c() {}
func d() {}
func e() {}
`

func TestOnType(t *testing.T) {
	_, f := parseFile(t, src)
	got := map[string]string{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			if d, ok := OnType(gd, ts, MustClose); ok {
				got[ts.Name.Name] = d.ReleaseMethod()
			}
		}
	}
	if len(got) != 2 || got["T"] != "Cleanup" || got["U"] != "Close" {
		t.Errorf("mustclose types = %v, want map[T:Cleanup U:Close]", got)
	}
}

func TestIgnores(t *testing.T) {
	fset, f := parseFile(t, src)
	ig := CollectIgnores(fset, []*ast.File{f})
	callPos := map[string]token.Pos{}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			callPos[call.Fun.(*ast.Ident).Name] = call.Pos()
		}
		return true
	})
	for _, tc := range []struct {
		call, pass string
		want       bool
	}{
		{"a", "missingcancel", true},
		{"a", "unclosedstream", false},
		{"b", "unclosedstream", true},
		{"c", "unclosedstream", false},
		{"d", "missingcancel", false}, // no reason: silences nothing
		{"e", "unclosedstream", true},
		{"e", "missingcancel", false},
	} {
		if got := ig.Ignored(tc.pass, callPos[tc.call]); got != tc.want {
			t.Errorf("Ignored(%s, %s()) = %v, want %v", tc.pass, tc.call, got, tc.want)
		}
	}
	if ig.Ignored("x", token.NoPos) {
		t.Error("Ignored(NoPos) = true")
	}
}

func TestMalformed(t *testing.T) {
	_, f := parseFile(t, src+"\n//leaklint:frobnicate\nvar _ int\n")
	probs := Malformed([]*ast.File{f})
	if len(probs) != 2 {
		t.Fatalf("Malformed found %d problems, want 2: %+v", len(probs), probs)
	}
	if probs[0].Pass != "missingcancel" || !strings.Contains(probs[0].Message, "needs a reason") {
		t.Errorf("first problem = %+v, want the ignore without a reason", probs[0])
	}
	if !strings.Contains(probs[1].Message, "unknown leaklint directive") {
		t.Errorf("second problem = %+v, want the unknown directive", probs[1])
	}
}
