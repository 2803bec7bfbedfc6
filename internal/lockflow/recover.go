package lockflow

import "golang.org/x/tools/go/ssa"

// RecoveredReturn is the return of fn's recover block when fn defers a
// function that calls recover: a panic in fn then ends in that return,
// with the locks it holds still held. Otherwise nil.
func RecoveredReturn(fn *ssa.Function) *ssa.Return {
	if fn.Recover == nil || len(fn.Recover.Instrs) == 0 {
		return nil
	}
	ret, ok := fn.Recover.Instrs[len(fn.Recover.Instrs)-1].(*ssa.Return)
	if !ok {
		return nil
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			d, ok := instr.(*ssa.Defer)
			if !ok {
				continue
			}
			var callee *ssa.Function
			switch v := d.Call.Value.(type) {
			case *ssa.Function:
				callee = v
			case *ssa.MakeClosure:
				callee, _ = v.Fn.(*ssa.Function)
			}
			if callee != nil && callsRecover(callee) {
				return ret
			}
		}
	}
	return nil
}

// callsRecover reports whether fn calls the builtin recover itself, and
// never panics: only then does it stop the panic of the function that
// deferred it (one that panics again, `if r := recover(); r != nil {
// cleanup(); panic(r) }`, passes it on).
func callsRecover(fn *ssa.Function) bool {
	recovers := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Panic); ok {
				return false
			}
			if c, ok := instr.(*ssa.Call); ok {
				if bi, ok := c.Call.Value.(*ssa.Builtin); ok && bi.Name() == "recover" {
					recovers = true
				}
			}
		}
	}
	return recovers
}
