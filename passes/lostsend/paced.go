package lostsend

import (
	"go/token"

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
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
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
