package lockflow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// Mentions reports whether the package's syntax calls one of methods of
// package sync (by name), or a function for which hasFact reports a fact
// of an imported package. Packages that do neither cannot touch a lock
// or a group the passes follow, so their SSA form is never built.
func Mentions(pass *analysis.Pass, methods map[string]bool, hasFact func(types.Object) bool) bool {
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			if found {
				return false
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			var id *ast.Ident
			switch fun := ast.Unparen(call.Fun).(type) {
			case *ast.SelectorExpr:
				id = fun.Sel
			case *ast.Ident:
				id = fun
			default:
				return true
			}
			obj := pass.TypesInfo.Uses[id]
			fn, ok := obj.(*types.Func)
			if !ok || fn.Pkg() == nil {
				return true
			}
			if fn.Pkg().Path() == "sync" && methods[fn.Name()] {
				found = true
				return false
			}
			if fn.Pkg() != pass.Pkg && hasFact != nil && hasFact(fn) {
				found = true
				return false
			}
			return true
		})
		if found {
			return true
		}
	}
	return false
}
