package lostsend

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// pacedByCreator reports a goroutine whose sends in loops all sit in loops
// ranging over a channel that the creator itself feeds (sends on, or hands
// to code that may): one value out per value in, so how many it sends
// follows how many the creator put in, a count the pass does not follow
// (syncthing's copier and finisher routines, fed jobs by the test that
// receives their results). Such a goroutine sends an unknown number of
// values, not "several": the creator paces it.
func pacedByCreator(fn *ssa.Function, snd sender, binding func(ssa.Value) ssa.Value) bool {
	body := snd.body
	if body == nil || body.Blocks == nil || len(snd.sendInstrs) == 0 {
		return false
	}
	nest := loopNest(body, chanflow.Loops(body))
	if nest.irreducible {
		return false
	}
	inLoop := false
	for _, instr := range snd.sendInstrs {
		if instr.Parent() != body {
			return false
		}
		l := nest.innermost[instr.Block()]
		if l == nil {
			continue
		}
		for l.parent != nil {
			l = l.parent
		}
		inLoop = true
		ch := rangedChan(l)
		if ch == nil {
			return false
		}
		outer := binding(ch)
		if outer == nil || !fedBy(fn, outer, snd.start) {
			return false
		}
	}
	return inLoop
}

// rangedChan returns the channel a loop ranges over when every way out of
// it is that channel seen closed, or nil.
func rangedChan(l *loop) ssa.Value {
	if !rangesChannel(l) {
		return nil
	}
	var ch ssa.Value
	for b := range l.body {
		for i, s := range b.Succs {
			if l.body[s] {
				continue
			}
			ok := chanflow.ClosedEdge(b, i, func(v ssa.Value) bool {
				if ch == nil {
					ch = v
				}
				return v == ch
			})
			if !ok {
				return nil
			}
		}
	}
	return ch
}

// fedBy reports whether fn, the creator, sends on the channel v or hands it
// to anything but the goroutine start g: values may go in at any pace.
func fedBy(fn *ssa.Function, v ssa.Value, g ssa.Instruction) bool {
	for {
		if ct, ok := v.(*ssa.ChangeType); ok {
			v = ct.X
			continue
		}
		// A variable a closure captures, assigned once: its value.
		if ld, ok := v.(*ssa.UnOp); ok && ld.Op == token.MUL {
			if a, ok := ld.X.(*ssa.Alloc); ok {
				if once := chanflow.StoredOnce(a); once != nil {
					v = once
					continue
				}
			}
		}
		break
	}
	for _, u := range chanflow.Uses(v) {
		if u.Instr == nil || u.Instr.Parent() != fn {
			continue
		}
		switch u.Kind {
		case chanflow.Send, chanflow.SelectSend, chanflow.Escape:
			return true
		case chanflow.Arg:
			if u.Instr != g {
				return true
			}
		case chanflow.Capture:
			if gc, ok := goClosure(u); !ok || ssa.Instruction(gc) != g {
				return true
			}
		}
	}
	return false
}

// closureBinding maps a value in a goroutine's closure body (a free
// variable, or the load of a captured variable) to the creator's value.
func closureBinding(g *ssa.Go) func(ssa.Value) ssa.Value {
	return func(v ssa.Value) ssa.Value {
		mcl, ok := g.Call.Value.(*ssa.MakeClosure)
		if !ok {
			return nil
		}
		load := false
		if u, ok := v.(*ssa.UnOp); ok && u.Op == token.MUL {
			v, load = u.X, true
		}
		fv, ok := v.(*ssa.FreeVar)
		if !ok {
			return nil
		}
		fn := mcl.Fn.(*ssa.Function)
		for i, f := range fn.FreeVars {
			if f != fv || i >= len(mcl.Bindings) {
				continue
			}
			b := mcl.Bindings[i]
			if !load {
				return b
			}
			if a, ok := b.(*ssa.Alloc); ok {
				return chanflow.StoredOnce(a)
			}
			return nil
		}
		return nil
	}
}

// argBinding maps a parameter of a function started by a go statement to
// the value the statement passes.
func argBinding(args map[ssa.Value]ssa.Value) func(ssa.Value) ssa.Value {
	return func(v ssa.Value) ssa.Value { return args[v] }
}

// receivesInLoop reports whether fn receives from the channel inside a loop.
func receivesInLoop(fn *ssa.Function, recvs map[ssa.Instruction]bool, selectCases map[*ssa.Select]map[int]bool) bool {
	loops := chanflow.Loops(fn)
	for r := range recvs {
		if _, in := loops[r.Block()]; in {
			return true
		}
	}
	for sel := range selectCases {
		if _, in := loops[sel.Block()]; in {
			return true
		}
	}
	return false
}

// fillGuarded reports whether the send runs only when a test of how full
// another channel is holds: `if len(backlog) == cap { ...; out <- x }`
// (syncthing's watchLoop signals an overflow so). Whether that channel
// ever fills depends on other goroutines' pace, so the send cannot be
// shown to run.
func fillGuarded(send ssa.Instruction, ch ssa.Value) bool {
	b := send.Block()
	for d := b.Idom(); d != nil; b, d = d, d.Idom() {
		if len(d.Instrs) == 0 || len(d.Succs) != 2 {
			continue
		}
		ifInstr, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok {
			continue
		}
		var whenTrue bool
		switch cond.Op {
		case token.EQL, token.GEQ, token.GTR, token.LEQ, token.LSS:
			whenTrue = true
		case token.NEQ:
		default:
			continue
		}
		other := lenOfChan(cond.X)
		if other == nil {
			other = lenOfChan(cond.Y)
		}
		if other == nil || sameChan(other, ch) {
			continue
		}
		// The guarded branch: the successor that leads to the send and
		// that the other cannot reach it without.
		taken := 1
		if whenTrue {
			taken = 0
		}
		if edgeDominates(d, d.Succs[taken], send.Block()) {
			return true
		}
	}
	return false
}

// lenOfChan returns the channel of len(ch), or nil.
func lenOfChan(v ssa.Value) ssa.Value {
	call, ok := v.(*ssa.Call)
	if !ok {
		return nil
	}
	bi, ok := call.Call.Value.(*ssa.Builtin)
	if !ok || bi.Name() != "len" || len(call.Call.Args) != 1 {
		return nil
	}
	x := call.Call.Args[0]
	if _, isChan := x.Type().Underlying().(*types.Chan); !isChan {
		return nil
	}
	return x
}

// sameChan reports whether a is b or one of its aliases.
func sameChan(a, b ssa.Value) bool {
	for _, u := range chanflow.Uses(b) {
		if u.Value == a {
			return true
		}
	}
	return a == b
}

// edgeDominates reports whether every path to b goes along the edge from
// d to s: s dominates b and is entered from d or from inside itself.
func edgeDominates(d, s, b *ssa.BasicBlock) bool {
	if !s.Dominates(b) || d.Succs[0] == d.Succs[1] {
		return false
	}
	for _, p := range s.Preds {
		if p != d && !s.Dominates(p) {
			return false
		}
	}
	return true
}
