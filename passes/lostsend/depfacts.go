package lostsend

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/leaklint/leaklint/internal/analysisutil"
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
// (importsLifecycle), can be on any function. It needs a go statement in
// the function's own body (lifecycles, ctxLifecycles look at its
// instructions, not its closures'), and either
//   - the function is a method whose receiver keeps a channel in a field,
//     and the goroutine can wait on a receive (goroutineExits: every exit
//     of the goroutine follows a receive from such a field), or
//   - the function calls a context constructor that makes a cancel
//     function (ctxLifecycle).
func mayExportFacts(pass *analysis.Pass, ins *inspector.Inspector) bool {
	for _, obj := range analysisutil.FuncDecls(pass) {
		sig := obj.Signature()
		if obj.Exported() && (sig.Recv() != nil && isChan(sig.Recv().Type()) || hasChan(sig.Params())) {
			return true
		}
	}
	// The go statements of each function's own body, found through the
	// inspector: walking every body of every dependency cost more than
	// the rest of this test.
	own := map[*ast.FuncDecl][]*ast.GoStmt{}
	var order []*ast.FuncDecl
	ins.WithStack([]ast.Node{(*ast.GoStmt)(nil)}, func(n ast.Node, push bool, stack []ast.Node) bool {
		if !push {
			return false
		}
		for i := len(stack) - 2; i >= 0; i-- {
			switch encl := stack[i].(type) {
			case *ast.FuncLit:
				return false // a literal's go statement, not the function's
			case *ast.FuncDecl:
				if own[encl] == nil {
					order = append(order, encl)
				}
				own[encl] = append(own[encl], n.(*ast.GoStmt))
				return false
			}
		}
		return false
	})
	if len(order) == 0 {
		return false
	}
	ctx := pass.Pkg.Path() == "context"
	for _, imp := range pass.Pkg.Imports() {
		ctx = ctx || imp.Path() == "context"
	}
	for _, fd := range order {
		if ctx {
			withCancel := false
			inspectOwn(fd.Body, func(n ast.Node) {
				if id, ok := n.(*ast.Ident); ok && !withCancel {
					withCancel = isWithCancelFunc(pass.TypesInfo.Uses[id])
				}
			})
			if withCancel {
				return true
			}
		}
		obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func)
		if !ok {
			continue
		}
		if recv := obj.Signature().Recv(); recv != nil && hasChanField(recv.Type()) {
			for _, g := range own[fd] {
				if mayWait(pass, g) {
					return true
				}
			}
		}
	}
	return false
}

// inspectOwn calls visit on the nodes of body that belong to its own
// function: not the bodies of its function literals, nor what a go
// statement runs (visit sees the go statement itself).
func inspectOwn(body ast.Node, visit func(ast.Node)) {
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		visit(n)
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			// Its arguments, and the function value unless it is a
			// literal, are evaluated here.
			if _, lit := ast.Unparen(n.Call.Fun).(*ast.FuncLit); !lit {
				inspectOwn(n.Call.Fun, visit)
			}
			for _, arg := range n.Call.Args {
				inspectOwn(arg, visit)
			}
			return false
		}
		return true
	})
}

// isWithCancelFunc reports whether obj is a context constructor that
// returns a cancel function (isWithCancel).
func isWithCancelFunc(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "context" {
		return false
	}
	switch fn.Name() {
	case "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause":
		return true
	}
	return false
}

// mayWait reports whether the goroutine g starts can wait on a receive, as
// goroutineExits requires: a function literal with a receive, a select or
// a range over a channel in its own body, or a method (go r.loop()), whose
// body is elsewhere. A package-level function is never such a goroutine
// (goroutineExits takes methods and closures only); anything else is
// assumed to.
func mayWait(pass *analysis.Pass, g *ast.GoStmt) bool {
	switch fun := ast.Unparen(g.Call.Fun).(type) {
	case *ast.FuncLit:
		waits := false
		ast.Inspect(fun.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.UnaryExpr:
				waits = waits || n.Op == token.ARROW
			case *ast.SelectStmt:
				waits = true
			case *ast.RangeStmt:
				t := pass.TypesInfo.TypeOf(n.X)
				if t == nil {
					waits = true
				} else if _, ok := t.(*types.TypeParam); ok || isChan(t) {
					waits = true
				}
			}
			return !waits
		})
		return waits
	case *ast.Ident:
		_, isFunc := pass.TypesInfo.Uses[fun].(*types.Func)
		return !isFunc
	}
	return true
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
