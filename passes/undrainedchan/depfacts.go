package undrainedchan

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/directive"
)

// mayExportFacts reports, from the syntax and types alone, whether a
// dependency can export a fact an importer reads; if not, the pass skips it
// before its SSA form is built (the driver runs the pass on every
// dependency, and the build costs more than the rest of the work there).
//
// A producer fact marks a function declared at package level that returns
// a channel; importers look for it among all the facts of a package they
// import (mayConsume), so any such function counts, if it can be one (see
// mayProduce). A drains fact
// describes a receivable channel parameter (or receiver); an importer reads
// it only for the function it calls, which it names, so only a function or
// method with an exported name can have one that matters.
func mayExportFacts(pass *analysis.Pass) bool {
	for fd, obj := range analysisutil.FuncDecls(pass) {
		sig := obj.Signature()
		if returnsChan(sig) && mayProduce(pass, fd) {
			return true
		}
		if !obj.Exported() {
			continue
		}
		if sig.Recv() != nil && isRecvChan(sig.Recv().Type()) {
			return true
		}
		for v := range sig.Params().Variables() {
			if isRecvChan(v.Type()) {
				return true
			}
		}
	}
	return false
}

func returnsChan(sig *types.Signature) bool {
	for v := range sig.Results().Variables() {
		if _, ok := v.Type().Underlying().(*types.Chan); ok {
			return true
		}
	}
	return false
}

// mayProduce reports whether fd, a function returning a channel, can be a
// producer (inferProducers): one named by a directive, one that returns
// the channel of a producer it calls (a call with a channel result in its
// own body, not a function literal's), or one that makes a channel and
// starts a goroutine in its own body (inferMade).
func mayProduce(pass *analysis.Pass, fd *ast.FuncDecl) bool {
	if _, ok := directive.Find(directive.Producer, fd.Doc); ok {
		return true
	}
	if fd.Body == nil {
		return false
	}
	var calls, makes, starts bool
	var visit func(n ast.Node) bool
	visit = func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.GoStmt:
			// What it runs is another function; its arguments are
			// evaluated here.
			starts = true
			if _, lit := ast.Unparen(n.Call.Fun).(*ast.FuncLit); !lit {
				ast.Inspect(n.Call.Fun, visit)
			}
			for _, arg := range n.Call.Args {
				ast.Inspect(arg, visit)
			}
			return false
		case *ast.CallExpr:
			if tv, ok := pass.TypesInfo.Types[n.Fun]; ok && tv.IsType() {
				return true // a conversion
			}
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				if b, ok := pass.TypesInfo.Uses[id].(*types.Builtin); ok {
					makes = makes || b.Name() == "make" && hasChanType(pass.TypesInfo.TypeOf(n))
					return true
				}
			}
			calls = calls || hasChanType(pass.TypesInfo.TypeOf(n))
		}
		return true
	}
	ast.Inspect(fd.Body, visit)
	return calls || makes && starts
}

// hasChanType reports whether t, or an element of the tuple t, is a
// channel; an unknown type might be.
func hasChanType(t types.Type) bool {
	if t == nil {
		return true
	}
	if tuple, ok := t.(*types.Tuple); ok {
		for v := range tuple.Variables() {
			if _, ok := v.Type().Underlying().(*types.Chan); ok {
				return true
			}
		}
		return false
	}
	_, ok := t.Underlying().(*types.Chan)
	return ok
}
