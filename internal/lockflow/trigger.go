package lockflow

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"
)

// Mentions reports whether the package's syntax calls one of methods of
// package sync (by name), or a function for which hasFact reports a fact
// of an imported package. Packages that do neither cannot touch a lock
// or a group the passes follow, so their SSA form is never built.
//
// ins is the package's inspector: its walk visits only the calls, where
// ast.Inspect over every file visited every node of every dependency that
// imports sync (about 0.25 s of CPU on geth, for two passes).
func Mentions(pass *analysis.Pass, ins *inspector.Inspector, methods map[string]bool, hasFact func(types.Object) bool) bool {
	for cur := range ins.Root().Preorder((*ast.CallExpr)(nil)) {
		var id *ast.Ident
		switch fun := ast.Unparen(cur.Node().(*ast.CallExpr).Fun).(type) {
		case *ast.SelectorExpr:
			id = fun.Sel
		case *ast.Ident:
			id = fun
		default:
			continue
		}
		fn, ok := pass.TypesInfo.Uses[id].(*types.Func)
		if !ok || fn.Pkg() == nil {
			continue
		}
		if fn.Pkg().Path() == "sync" && methods[fn.Name()] {
			return true
		}
		if fn.Pkg() != pass.Pkg && hasFact != nil && hasFact(fn) {
			return true
		}
	}
	return false
}
