package undrainedchan

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
// A producer fact marks a function declared at package level that returns
// a channel; importers look for it among all the facts of a package they
// import (mayConsume), so any such function counts. A drains fact
// describes a receivable channel parameter (or receiver); an importer reads
// it only for the function it calls, which it names, so only a function or
// method with an exported name can have one that matters.
func mayExportFacts(pass *analysis.Pass) bool {
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
			for v := range sig.Results().Variables() {
				if _, ok := v.Type().Underlying().(*types.Chan); ok {
					return true
				}
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
	}
	return false
}
