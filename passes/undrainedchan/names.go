package undrainedchan

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
)

// callExpr finds the call whose opening parenthesis is at lparen, so that
// the report covers the whole call.
func callExpr(pass *analysis.Pass, lparen token.Pos) *ast.CallExpr {
	for _, f := range pass.Files {
		if f.FileStart > lparen || lparen >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, lparen, lparen+1)
		for _, n := range path {
			if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
				return call
			}
		}
	}
	return nil
}

// resultName is the name the call's result i is assigned to: "" when the
// call is not an assignment, "_" when the result is discarded.
func resultName(pass *analysis.Pass, expr *ast.CallExpr, i int) (string, bool) {
	for _, f := range pass.Files {
		if f.FileStart > expr.Pos() || expr.Pos() >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, expr.Pos(), expr.End())
		for _, n := range path[1:] {
			switch n := n.(type) {
			case *ast.ParenExpr:
				continue
			case *ast.ExprStmt:
				return "_", true
			case *ast.AssignStmt:
				if len(n.Rhs) == 1 && i < len(n.Lhs) {
					return exprName(n.Lhs[i]), true
				}
			case *ast.ValueSpec:
				if len(n.Values) == 1 && i < len(n.Names) {
					return n.Names[i].Name, true
				}
			}
			return "", false
		}
	}
	return "", false
}

func exprName(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name
	case *ast.SelectorExpr:
		return exprName(e.X) + "." + e.Sel.Name
	}
	return ""
}
