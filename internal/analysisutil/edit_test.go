package analysisutil

import (
	"go/ast"
	"go/parser"
	"go/token"
	"testing"

	"golang.org/x/tools/go/ast/astutil"
)

const editSrc = `package p

func f(xs []int) {
	a() // trailing
	for range xs {
		b()
		func() {
			c()
		}()
	}
}

func a() {}
func b() {}
func c() {}
`

func calls(t *testing.T) (*token.FileSet, *ast.File, map[string]*ast.CallExpr) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", editSrc, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*ast.CallExpr{}
	ast.Inspect(f, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			if id, ok := call.Fun.(*ast.Ident); ok {
				m[id.Name] = call
			}
		}
		return true
	})
	return fset, f, m
}

func TestInLoop(t *testing.T) {
	_, f, m := calls(t)
	for name, want := range map[string]bool{"a": false, "b": true, "c": false} {
		path, _ := astutil.PathEnclosingInterval(f, m[name].Pos(), m[name].End())
		if got := InLoop(path); got != want {
			t.Errorf("InLoop(%s()) = %v, want %v", name, got, want)
		}
	}
}

func TestLineEndAndIndent(t *testing.T) {
	fset, _, m := calls(t)
	end := fset.Position(LineEnd(fset, m["a"].End()))
	if end.Line != 4 || end.Column != len("\ta() // trailing")+1 {
		t.Errorf("LineEnd(a()) = %v, want the end of line 4 after the comment", end)
	}
	if got := Indent(fset, m["b"].Pos()); got != "\t\t" {
		t.Errorf("Indent(b()) = %q, want two tabs", got)
	}
}
