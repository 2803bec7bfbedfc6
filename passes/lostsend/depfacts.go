package lostsend

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
)

// mayExportFacts reports, from the syntax and types alone, whether a
// dependency can export a fact an importer reads; if not, the pass skips it
// before its SSA form is built (the driver runs the pass on every
// dependency, and the build costs more than the rest of the work there).
//
// A sends or stops-early fact describes a channel parameter (or receiver)
// of a function declared at package level. An importer reads it only for
// the function it calls, which it names, so only a function or method with
// an exported name can have one that matters. A lifecycle fact, which
// importers also look for among all the facts of a package they import
// (importsLifecycle), needs a go statement in a method whose receiver
// keeps a channel in a field (the goroutine waits on it), or in a function
// that calls a context constructor.
func mayExportFacts(pass *analysis.Pass) bool {
	ctx := pass.Pkg.Path() == "context"
	for _, imp := range pass.Pkg.Imports() {
		ctx = ctx || imp.Path() == "context"
	}
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
			if !ok {
				continue
			}
			sig := obj.Signature()
			if obj.Exported() && (sig.Recv() != nil && isChan(sig.Recv().Type()) || hasChan(sig.Params())) {
				return true
			}
			if (ctx || sig.Recv() != nil && hasChanField(sig.Recv().Type())) && fd.Body != nil && hasGoStmt(fd.Body) {
				return true
			}
		}
	}
	return false
}

func isChan(t types.Type) bool {
	_, ok := t.Underlying().(*types.Chan)
	return ok
}

func hasChan(vars *types.Tuple) bool {
	for v := range vars.Variables() {
		if isChan(v.Type()) {
			return true
		}
	}
	return false
}

// hasChanField reports whether t, or what t points to, is a struct with a
// field that can hold a channel: of a channel type, or of a type
// parameter's.
func hasChanField(t types.Type) bool {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok {
		return false
	}
	for f := range st.Fields() {
		if _, ok := f.Type().(*types.TypeParam); ok || isChan(f.Type()) {
			return true
		}
	}
	return false
}

func hasGoStmt(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if _, ok := n.(*ast.GoStmt); ok {
			found = true
		}
		return !found
	})
	return found
}
