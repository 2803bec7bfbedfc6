package lostsend

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
)

// ctxLifecycles adds to local the functions that start a goroutine which
// exits only once a context is done whose cancel they keep in a field of
// a value: a method of that value (as Rows.open starting awaitDone), or a
// constructor returning it (as DB.begin returning a Tx). Only the
// methods that call the kept cancel release the goroutine. It exports
// the facts, so callers in other packages are checked too.
func (c *checker) ctxLifecycles(funcs []*ssa.Function, local map[*types.Func]*lifecycleFact) {
	for _, fn := range funcs {
		if fn.Parent() != nil || fn.Blocks == nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || local[obj] != nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || !isWithCancel(call) {
					continue
				}
				if f := c.ctxLifecycle(funcs, fn, call); f != nil {
					local[obj] = f
					c.pass.ExportObjectFact(obj, f)
				}
			}
		}
	}
}

// isWithCancel reports a call of a context constructor that returns a
// cancel function.
func isWithCancel(call *ssa.Call) bool {
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "context" {
		return false
	}
	switch callee.Name() {
	case "WithCancel", "WithTimeout", "WithDeadline", "WithCancelCause", "WithTimeoutCause", "WithDeadlineCause":
		return true
	}
	return false
}

// ctxLifecycle checks one context made in fn: its cancel stored in field k
// of a value (fn's receiver, or a value fn makes and returns), a goroutine
// started in fn that exits only once that context is done, and methods of
// the value's type that call the field.
func (c *checker) ctxLifecycle(funcs []*ssa.Function, fn *ssa.Function, call *ssa.Call) *lifecycleFact {
	var ctx ssa.Value
	holder, k, ctxField := ssa.Value(nil), -1, -1
	for _, r := range *call.Referrers() {
		ext, ok := r.(*ssa.Extract)
		if !ok {
			continue
		}
		for _, rr := range *ext.Referrers() {
			st, ok := rr.(*ssa.Store)
			if !ok || st.Val != ext {
				continue
			}
			fa, ok := st.Addr.(*ssa.FieldAddr)
			if !ok {
				continue
			}
			x := unspill(fn, fa.X)
			if holder != nil && x != holder {
				continue
			}
			holder = x
			if ext.Index == 1 {
				k = fa.Field
			} else {
				ctxField = fa.Field
			}
		}
		if ext.Index == 0 {
			ctx = ext
		}
	}
	if holder == nil || k < 0 || ctx == nil {
		return nil
	}
	t := namedOf(holder.Type())
	if t == nil {
		return nil
	}
	// The value: the method's receiver, or one fn allocates and returns.
	method := len(fn.Params) > 0 && fn.Signature.Recv() != nil && fn.Params[0] == holder
	if !method {
		if _, isAlloc := holder.(*ssa.Alloc); !isAlloc || !returns(fn, holder) {
			return nil
		}
	}
	// A goroutine of fn that exits only after the context is done.
	var body *ssa.Function
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			callee := g.Call.StaticCallee()
			if callee == nil || callee.Blocks == nil || len(callee.Params) != len(g.Call.Args) {
				continue
			}
			isCtx := map[ssa.Value]bool{}
			var recv ssa.Value
			for i, a := range g.Call.Args {
				if a == ctx {
					isCtx[callee.Params[i]] = true
				}
				if a == holder || derefOf(a) == holder {
					recv = callee.Params[i]
				}
			}
			// A function literal sees what it captures through its free
			// variables: the variable's cell, loaded at each use, when
			// it holds nothing but the context (or the value).
			if mc, ok := g.Call.Value.(*ssa.MakeClosure); ok && len(mc.Bindings) == len(callee.FreeVars) {
				for i, bnd := range mc.Bindings {
					fv := callee.FreeVars[i]
					switch {
					case bnd == ctx:
						isCtx[fv] = true
					case holdsOnly(bnd, ctx):
						for _, r := range *fv.Referrers() {
							if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
								isCtx[load] = true
							}
						}
					case bnd == holder || holdsOnly(bnd, holder):
						recv = fv
					}
				}
			}
			waits := func(v ssa.Value) bool {
				if isCtx[v] {
					return true
				}
				return recv != nil && ctxField >= 0 && fieldChan(v, func(x ssa.Value) bool { return x == recv }) == ctxField
			}
			if waitsOnlyDone(callee, waits) {
				body = callee
			}
		}
	}
	if body == nil {
		return nil
	}
	stops := cancelCallers(funcs, t, k, fn, body)
	if len(stops) == 0 {
		return nil
	}
	return &lifecycleFact{Stop: stops, Returned: !method}
}

// unspill returns the receiver of method fn for a load of the variable
// the receiver was copied to (as SSA does for a receiver that a function
// literal captures), and v itself otherwise.
func unspill(fn *ssa.Function, v ssa.Value) ssa.Value {
	if fn.Signature.Recv() == nil || len(fn.Params) == 0 {
		return v
	}
	if cell := derefOf(v); cell != nil && holdsOnly(cell, fn.Params[0]) {
		return fn.Params[0]
	}
	return v
}

// holdsOnly reports whether cell is a local variable's cell (a variable a
// function literal captures) whose only value is v.
func holdsOnly(cell, v ssa.Value) bool {
	alloc, ok := cell.(*ssa.Alloc)
	return ok && v != nil && chanflow.StoredOnce(alloc) == v
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// returns reports whether fn returns v (or what is loaded from it).
func returns(fn *ssa.Function, v ssa.Value) bool {
	for _, b := range fn.Blocks {
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
			for _, res := range r.Results {
				if res == v || derefOf(res) == v {
					return true
				}
			}
		}
	}
	return false
}

// waitsOnlyDone reports whether every way out of g follows a receive from
// ctx.Done() for a context isCtx accepts.
func waitsOnlyDone(g *ssa.Function, isCtx func(ssa.Value) bool) bool {
	isDone := func(ch ssa.Value) bool {
		call, ok := ch.(*ssa.Call)
		return ok && call.Call.IsInvoke() && call.Call.Method.Name() == "Done" && isCtx(call.Call.Value)
	}
	marker := &chansummary.Field{}
	_, f := neverExits(g, func(b *ssa.BasicBlock, i int) (token.Pos, *chansummary.Field) {
		if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil && k < len(sel.States) && sel.States[k].Dir == types.RecvOnly && isDone(sel.States[k].Chan) {
			return sel.Pos(), marker
		}
		return token.NoPos, nil
	}, func(instr ssa.Instruction) *chansummary.Field {
		if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && isDone(u.X) {
			return marker
		}
		return nil
	})
	return f != nil
}

// cancelCallers are the methods of t, other than start and the goroutine
// body, that call the cancel kept in field k, directly or through another
// method on the same receiver.
func cancelCallers(funcs []*ssa.Function, t *types.Named, k int, start, body *ssa.Function) []string {
	var methods []*ssa.Function
	for _, fn := range funcs {
		if fn.Parent() == nil && recvNamed(fn) == t && len(fn.Params) > 0 && fn.Blocks != nil {
			methods = append(methods, fn)
		}
	}
	calls := map[*ssa.Function]bool{}
	for range 3 {
		for _, m := range methods {
			if calls[m] {
				continue
			}
			isRecv := func(v ssa.Value) bool { return v == m.Params[0] }
			for _, b := range m.Blocks {
				for _, instr := range b.Instrs {
					ci, ok := instr.(ssa.CallInstruction)
					if !ok {
						continue
					}
					cc := ci.Common()
					if fieldChan(cc.Value, isRecv) == k {
						calls[m] = true
					}
					if callee := cc.StaticCallee(); callee != nil && calls[callee] && len(cc.Args) > 0 && isRecv(cc.Args[0]) {
						calls[m] = true
					}
				}
			}
		}
	}
	var out []string
	for m := range calls {
		if m != start && m != body {
			out = append(out, m.Name())
		}
	}
	sort.Strings(out)
	return out
}

// checkConstructed reports calls of a constructor whose value's goroutine
// only some method releases, when the caller keeps the value to itself and
// can return without calling one.
func (c *checker) checkConstructed(funcs []*ssa.Function, local map[*types.Func]*lifecycleFact) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil {
					continue
				}
				obj, ok := callee.Object().(*types.Func)
				if !ok {
					continue
				}
				f := local[obj]
				if f == nil && obj.Pkg() != c.pass.Pkg {
					var imported lifecycleFact
					if c.pass.ImportObjectFact(obj, &imported) {
						f = &imported
					}
				}
				if f == nil || !f.Returned || f.Optional && passesNoOption(call) {
					continue
				}
				c.checkConstructedValue(fn, call, f)
			}
		}
	}
}

func (c *checker) checkConstructedValue(fn *ssa.Function, call *ssa.Call, f *lifecycleFact) {
	t := namedOf(call.Type())
	if t == nil {
		return
	}
	aliases, ok := objectAliases(call, t)
	if !ok {
		return
	}
	stops := f.stopCall(t, aliases)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && stops(d) {
				return
			}
		}
	}
	exit := unstoppedExit(call, stops, nil)
	if exit == nil || c.ignores.Ignored("lostsend", call.Pos()) {
		return
	}
	exitPos := exitPosition(fn, exit)
	stop := f.stopNames(t.Obj().Name())
	pos, end := c.nodeAt(call.Pos())
	c.pass.Report(analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("goroutine may block forever: %s returns a %s whose goroutine only %s releases, and this function can return without calling it", funcName(call.Call.StaticCallee()), t.Obj().Name(), stop),
		Related: []analysis.RelatedInformation{{Pos: exitPos, Message: "the function returns here without calling " + stop}},
	})
}

// funcName names a function as a reader would: T.m for a method.
func funcName(fn *ssa.Function) string {
	if n := recvNamed(fn); n != nil {
		return n.Obj().Name() + "." + fn.Name()
	}
	return fn.Name()
}
