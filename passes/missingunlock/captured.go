package missingunlock

import (
	"go/token"
	"strconv"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lockflow"
)

// capturedClosure resolves a call, in the closure fn, of a function value
// fn captured from the function that made it: a local assigned one
// function literal there (nats.go's handleAsyncReply calls its doErr
// closure, which unlocks js.mu, from the closure it hands to
// time.AfterFunc). It returns that literal and the roots that map its
// parameters and free variables to fn's names: a free variable of the
// literal that fn captured too is fn's free variable.
func capturedClosure(namer *lockflow.Namer, fn *ssa.Function, call *ssa.CallCommon) (*ssa.Function, map[string]lockflow.Key) {
	if call.IsInvoke() || fn.Parent() == nil {
		return nil, nil
	}
	load, ok := call.Value.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return nil, nil
	}
	fv, ok := load.X.(*ssa.FreeVar)
	if !ok {
		return nil, nil
	}
	idx := -1
	for i, p := range fn.FreeVars {
		if p == fv {
			idx = i
		}
	}
	// The one closure of fn its parent makes binds fn's free variables.
	var made *ssa.MakeClosure
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn {
				if made != nil {
					return nil, nil
				}
				made = mc
			}
		}
	}
	if idx < 0 || made == nil || idx >= len(made.Bindings) {
		return nil, nil
	}
	cell, ok := made.Bindings[idx].(*ssa.Alloc)
	if !ok {
		return nil, nil
	}
	lit, ok := lockflow.StoredOnce(cell).(*ssa.MakeClosure)
	if !ok {
		return nil, nil
	}
	callee, ok := lit.Fn.(*ssa.Function)
	if !ok {
		return nil, nil
	}
	roots := map[string]lockflow.Key{}
	for i, a := range call.Args {
		if k, ok := namer.Of(a); ok {
			roots["p"+strconv.Itoa(i)] = k
		}
	}
	for j, b := range lit.Bindings {
		for k, mb := range made.Bindings {
			if mb == b {
				roots["f"+strconv.Itoa(j)] = lockflow.Key{Path: "f" + strconv.Itoa(k)}
			}
		}
	}
	return callee, roots
}
