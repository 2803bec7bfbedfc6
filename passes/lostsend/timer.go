package lostsend

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// timerKey identifies a timer: the value, or the field of a base value
// that holds it (s.timer read twice is the same timer).
type timerKey struct {
	base  ssa.Value
	field int
}

func timerOf(v ssa.Value) (timerKey, bool) {
	if !isTimer(v.Type()) {
		return timerKey{}, false
	}
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		if fa, ok := load.X.(*ssa.FieldAddr); ok {
			return timerKey{baseOf(fa.X), fa.Field}, true
		}
		if _, ok := load.X.(*ssa.Alloc); ok {
			return timerKey{load.X, -1}, true
		}
	}
	return timerKey{v, -1}, true
}

// baseOf sees through loads of a variable or captured variable.
func baseOf(v ssa.Value) ssa.Value {
	for range 3 {
		load, ok := v.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			break
		}
		v = load.X
	}
	return v
}

func isTimer(t types.Type) bool {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Timer"
}

// timerChan returns the timer whose C field ch is read from.
func timerChan(ch ssa.Value) (timerKey, bool) {
	load, ok := ch.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return timerKey{}, false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok || fa.Field != 0 {
		return timerKey{}, false
	}
	return timerOf(fa.X)
}

// timerCall returns the timer a call of (*time.Timer).name is made on.
func timerCall(instr ssa.Instruction, names ...string) (timerKey, bool) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return timerKey{}, false
	}
	callee := call.Call.StaticCallee()
	if callee == nil || len(call.Call.Args) == 0 || !isTimer(call.Call.Args[0].Type()) {
		return timerKey{}, false
	}
	for _, n := range names {
		if callee.Name() == n {
			return timerOf(call.Call.Args[0])
		}
	}
	return timerKey{}, false
}

// checkStopDrains reports `if !t.Stop() { <-t.C }` reached on a path that
// has already taken the timer's value: Stop returns false because the
// timer fired, and since that value is gone (Go 1.23 timers keep no stale
// one either) the receive blocks forever.
func (c *checker) checkStopDrains(funcs []*ssa.Function) {
	for _, fn := range funcs {
		guarded := map[ssa.Instruction]timerKey{}
		for _, b := range fn.Blocks {
			ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			if !ok {
				continue
			}
			// `if !t.Stop()` is built either as a negation or as a
			// branch on Stop's result with the arms swapped.
			cond, whenFalse := ifi.Cond, 1
			if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
				cond, whenFalse = not.X, 0
			}
			stop, ok := cond.(*ssa.Call)
			if !ok {
				continue
			}
			t, ok := timerCall(stop, "Stop")
			if !ok {
				continue
			}
			for _, instr := range b.Succs[whenFalse].Instrs {
				if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW {
					if tc, ok := timerChan(u.X); ok && tc == t {
						guarded[u] = t
					}
					break
				}
			}
		}
		if len(guarded) == 0 {
			continue
		}
		c.checkStopDrainsIn(fn, guarded)
	}
}

func (c *checker) checkStopDrainsIn(fn *ssa.Function, guarded map[ssa.Instruction]timerKey) {
	type state struct {
		taken timerKey
		at    token.Pos // the receive that took the value
	}
	reported := map[ssa.Instruction]bool{}
	chanflow.Flow[state]{
		Instr: func(s state, instr ssa.Instruction) state {
			if t, ok := guarded[instr]; ok && s.at.IsValid() && s.taken == t && !reported[instr] {
				reported[instr] = true
				if !c.ignores.Ignored("lostsend", instr.Pos()) {
					c.pass.Report(analysis.Diagnostic{
						Pos:     instr.Pos(),
						Message: fmt.Sprintf("receive from the timer's channel blocks forever, leaking the goroutine: on the path through the receive at line %d its value was already taken, so Stop returns false and no value will come", c.pass.Fset.Position(s.at).Line),
						Related: []analysis.RelatedInformation{{Pos: s.at, Message: "the timer's value is taken here"}},
					})
				}
				return state{}
			}
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW {
				if t, ok := timerChan(u.X); ok {
					if _, isGuard := guarded[instr]; !isGuard {
						return state{t, u.Pos()}
					}
					return state{}
				}
			}
			if t, ok := timerCall(instr, "Reset", "Stop"); ok && t == s.taken {
				if _, isReset := timerCall(instr, "Reset"); isReset {
					return state{}
				}
			}
			if st, ok := instr.(*ssa.Store); ok && isTimer(st.Val.Type()) {
				return state{} // a new timer
			}
			if v, ok := instr.(ssa.Value); ok && s.at.IsValid() && v == s.taken.base {
				return state{} // made again: a new timer (or holder) this iteration
			}
			return s
		},
		Edge: func(s state, b *ssa.BasicBlock, i int) state {
			if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil && k < len(sel.States) && sel.States[k].Dir == types.RecvOnly {
				if t, ok := timerChan(sel.States[k].Chan); ok {
					return state{t, sel.States[k].Pos}
				}
			}
			return s
		},
		Exit: func(state, ssa.Instruction) {},
	}.RunEntry(fn, state{})
}
