package chanflow

import (
	"go/ast"

	"golang.org/x/tools/go/ssa"
)

// VarName names a channel by the variable it is assigned to, as a reader
// of the source would, or "the channel" when it has none.
func VarName(ch ssa.Value) string {
	for _, r := range *ch.Referrers() {
		switch r := r.(type) {
		case *ssa.DebugRef:
			if id, ok := r.Expr.(*ast.Ident); ok {
				return id.Name
			}
		case *ssa.Store:
			if a, ok := r.Addr.(*ssa.Alloc); ok && a.Comment != "" {
				return a.Comment
			}
		}
	}
	return "the channel"
}
