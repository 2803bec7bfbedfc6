package lostsend

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// checkFilledFields is checkFilled for a channel kept in a field of a
// value this function makes: the path fills the buffer through the field,
// then sends again itself, or calls a method of the value whose first act
// is a send on that field, before anyone else can hold the channel.
func (c *checker) checkFilledFields(funcs []*ssa.Function) {
	firstSends := map[*ssa.Function]int{} // method -> field it sends on first, or -1
	firstSend := func(m *ssa.Function) int {
		if f, ok := firstSends[m]; ok {
			return f
		}
		f := sendsFirst(m)
		firstSends[m] = f
		return f
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if a, ok := instr.(*ssa.Alloc); ok && a.Heap {
					c.checkFilledAlloc(a, firstSend)
				}
			}
		}
	}
}

// sendsFirst returns the channel field of its receiver on which method m
// sends before doing anything else that could let another goroutine in,
// or -1.
func sendsFirst(m *ssa.Function) int {
	if m.Signature.Recv() == nil || len(m.Params) == 0 || len(m.Blocks) == 0 {
		return -1
	}
	recv := m.Params[0]
	isRecv := func(v ssa.Value) bool { return v == recv || spilled(v, recv) }
	for _, instr := range m.Blocks[0].Instrs {
		switch instr := instr.(type) {
		case *ssa.FieldAddr, *ssa.Field, *ssa.DebugRef, *ssa.ChangeType, *ssa.Convert:
		case *ssa.Alloc:
			// Only a parameter copied to a variable for a closure.
			if instr.Heap && !spillOfParam(m, instr) {
				return -1
			}
		case *ssa.Store:
			if p, ok := instr.Val.(*ssa.Parameter); !ok || !spilled(instr.Addr, p) {
				return -1
			}
		case *ssa.UnOp:
			if instr.Op != token.MUL {
				return -1
			}
		case *ssa.Send:
			return fieldChan(instr.Chan, isRecv)
		default:
			return -1
		}
	}
	return -1
}

func (c *checker) checkFilledAlloc(a *ssa.Alloc, firstSend func(*ssa.Function) int) {
	// Which field holds a channel made here with a known buffer.
	field, buffer := -1, int64(0)
	var made *ssa.MakeChan
	for _, r := range *a.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, rr := range *fa.Referrers() {
			st, ok := rr.(*ssa.Store)
			if !ok || st.Addr != fa {
				continue
			}
			if mc, ok := st.Val.(*ssa.MakeChan); ok {
				if n, ok := constInt(mc.Size); ok && n <= 64 && field < 0 {
					field, buffer, made = fa.Field, n, mc
				}
			}
		}
	}
	if field < 0 || len(*made.Referrers()) != 1 {
		return // the channel has other holders
	}
	// Classify what the function does with the value.
	w := newFillWalk(buffer)
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef:
			case *ssa.FieldAddr:
				if r.Field != field {
					continue
				}
				for _, rr := range *r.Referrers() {
					load, ok := rr.(*ssa.UnOp)
					if !ok || load.Op != token.MUL {
						if st, ok := rr.(*ssa.Store); ok && st.Val == made {
							continue
						}
						w.handed[rr] = true
						continue
					}
					for _, u := range chanflow.Uses(load) {
						w.add(u)
					}
				}
			case *ssa.UnOp:
				if r.Op == token.MUL {
					visit(r)
				} else {
					w.handed[r] = true
				}
			case *ssa.Defer:
				// Runs on the way out, after whatever blocks first.
			case *ssa.Call:
				callee := r.Call.StaticCallee()
				if callee != nil && len(r.Call.Args) > 0 && r.Call.Args[0] == v && firstSend(callee) == field {
					w.shares[r] = true
				}
				w.handed[r] = true
			default:
				w.handed[r] = true
			}
		}
	}
	visit(a)
	if len(w.sends) == 0 && len(w.shares) == 0 {
		return
	}
	blocked := w.blockedSend(a)
	if blocked == nil || c.ignores.Ignored("lostsend", blocked.Pos()) {
		return
	}
	name := "the channel"
	if n := namedOf(a.Type()); n != nil {
		if st, ok := n.Underlying().(*types.Struct); ok && field < st.NumFields() {
			name = n.Obj().Name() + "." + st.Field(field).Name()
		}
	}
	msg := fmt.Sprintf("send on %s blocks forever, leaking the goroutine: this path has already filled its buffer of %d and no other goroutine can hold it yet", name, buffer)
	if call, ok := blocked.(*ssa.Call); ok {
		msg = fmt.Sprintf("%s blocks forever, leaking the goroutine: it sends on %s first, and this path has already filled its buffer of %d before any other goroutine can hold it", funcName(call.Call.StaticCallee()), name, buffer)
	}
	c.pass.Report(analysis.Diagnostic{Pos: blocked.Pos(), Message: msg})
}

// spillOfParam reports whether a is the variable one of m's parameters was
// copied to.
func spillOfParam(m *ssa.Function, a *ssa.Alloc) bool {
	for _, p := range m.Params {
		if spilled(a, p) {
			return true
		}
	}
	return false
}
