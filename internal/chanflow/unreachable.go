package chanflow

import "golang.org/x/tools/go/ssa"

// UnreachablePanic reports whether p is the panic SSA adds after a select
// without a default for the case index no case has: no path reaches it, so
// it is no way out of a goroutine.
func UnreachablePanic(p *ssa.Panic) bool { return unreachablePanic(p) }
