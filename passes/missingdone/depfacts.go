package missingdone

import (
	"go/types"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/lockflow"
)

// mayExportFacts reports, from the types alone, whether a dependency can
// export a fact an importer reads, so that a dependency that cannot is
// never built in SSA form.
//
// A fact says that an exported function calls Done on a WaitGroup reached
// from its parameters, receiver or a global. An importer uses it only for
// a WaitGroup it counted with Add itself, which it must be able to reach:
// through the function's signature, an exported variable, or exported or
// embedded fields (lockflow.Exposes). A call of another package's function
// with a fact may pass that fact on, so it counts too.
func mayExportFacts(pass *analysis.Pass, hasFact func(types.Object) bool) bool {
	seen := map[types.Type]bool{}
	exposes := func(t types.Type) bool { return lockflow.Exposes(t, isWaitGroup, groupMethods, seen) }
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		if v, ok := scope.Lookup(name).(*types.Var); ok && v.Exported() && exposes(v.Type()) {
			return true
		}
	}
	for id, obj := range pass.TypesInfo.Defs {
		fn, ok := obj.(*types.Func)
		if !ok || !fn.Exported() || id.Name == "_" {
			continue
		}
		sig := fn.Signature()
		if sig.Recv() != nil && exposes(sig.Recv().Type()) {
			return true
		}
		for v := range sig.Params().Variables() {
			if exposes(v.Type()) {
				return true
			}
		}
	}
	for _, obj := range pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok && fn.Pkg() != nil && fn.Pkg() != pass.Pkg && hasFact(fn) {
			return true
		}
	}
	return false
}

// isWaitGroup reports a sync.WaitGroup.
func isWaitGroup(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "WaitGroup"
}
