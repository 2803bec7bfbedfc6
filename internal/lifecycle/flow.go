package lifecycle

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// flow follows one resource through a function and classifies its uses.
type flow struct {
	e      *Engine
	fn     *ssa.Function
	method string // release method; "" when releasing means calling
	// calling is set while following a value released by calling it,
	// whatever the kind (the cancel func of a context-bound resource).
	calling bool

	seen     map[ssa.Value]bool
	aliases  map[ssa.Value]bool
	errs     map[ssa.Value]bool // the error results of the acquisition
	handled  map[ssa.Instruction]bool
	released bool // some use releases the resource
	kept     bool // some use hands it over
	keptElse bool // some hand-over is not a return
	returns  map[int]bool
	defers   []*ssa.Defer // deferred releases
}

func newFlow(e *Engine, fn *ssa.Function, method string) *flow {
	return &flow{
		e:       e,
		fn:      fn,
		method:  method,
		seen:    make(map[ssa.Value]bool),
		aliases: make(map[ssa.Value]bool),
		errs:    make(map[ssa.Value]bool),
		handled: make(map[ssa.Instruction]bool),
		returns: make(map[int]bool),
	}
}

func (f *flow) release(instr ssa.Instruction) {
	f.handled[instr] = true
	f.released = true
	if d, ok := instr.(*ssa.Defer); ok {
		f.defers = append(f.defers, d)
	}
}

func (f *flow) handOver(instr ssa.Instruction) {
	f.handled[instr] = true
	f.kept = true
	if _, ok := instr.(*ssa.Return); !ok {
		f.keptElse = true
	}
}

// value follows v, which holds the resource.
func (f *flow) value(v ssa.Value) {
	if f.seen[v] {
		return
	}
	f.seen[v] = true
	f.aliases[v] = true
	if f.method == "" && !f.e.kind.Called {
		// A parameter summary for a must-close type: learn the method.
		f.method, _ = f.e.releaseMethod(v.Type())
	}
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Phi, *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.Convert:
			f.value(r.(ssa.Value))
		case *ssa.TypeAssert:
			if r.CommaOk {
				for _, rr := range *r.Referrers() {
					if ex, ok := rr.(*ssa.Extract); ok && ex.Index == 0 {
						f.value(ex)
					}
				}
			} else {
				f.value(r)
			}
		case ssa.CallInstruction:
			f.call(r, v)
		case *ssa.Return:
			for i, res := range r.Results {
				if res == v {
					f.returns[i] = true
				}
			}
			f.handOver(r)
		case *ssa.Store:
			if r.Val == v {
				f.store(r)
			}
		case *ssa.MakeClosure:
			for i, b := range r.Bindings {
				if b == v {
					f.closure(r, i, false)
				}
			}
		case *ssa.Send, *ssa.MapUpdate, *ssa.Panic, *ssa.Select:
			f.handOver(r)
		}
	}
}

// addr follows a variable whose contents hold the resource: a local that
// is captured by a closure or whose address is taken.
func (f *flow) addr(a ssa.Value) {
	if f.seen[a] {
		return
	}
	f.seen[a] = true
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL {
				f.value(r)
			}
		case *ssa.Store:
			if r.Val == a {
				f.handOver(r) // the address itself escapes
			}
		case *ssa.MakeClosure:
			for i, b := range r.Bindings {
				if b == a {
					f.closure(r, i, true)
				}
			}
		case *ssa.DebugRef:
		default:
			// The address escapes (passed, returned, converted): whoever
			// gets it may release the resource.
			f.handOver(r)
		}
	}
}

func (f *flow) store(s *ssa.Store) {
	switch addr := s.Addr.(type) {
	case *ssa.Alloc:
		f.addr(addr)
	case *ssa.FieldAddr:
		if f.e.kind.Called {
			// A cancel func kept in a field is only useful if something
			// reads the field to call it.
			if fv := fieldOf(addr.X.Type(), addr.Field); fv != nil && !f.e.fieldRead(fv) {
				return
			}
		}
		f.handOver(s)
	default:
		// Globals, captured variables of the enclosing function, slice
		// and array elements, pointers from the caller: the value
		// outlives the call.
		f.handOver(s)
	}
}

func (f *flow) call(instr ssa.CallInstruction, v ssa.Value) {
	common := instr.Common()
	if common.Value == v {
		switch {
		case common.IsInvoke():
			if f.method != "" && common.Method.Name() == f.method {
				f.release(instr)
			}
		case f.e.kind.Called || f.calling:
			f.release(instr)
		}
	}
	for i, arg := range common.Args {
		if arg != v {
			continue
		}
		if common.IsInvoke() {
			f.handOver(instr) // an interface method we cannot see
			continue
		}
		if _, ok := common.Value.(*ssa.Builtin); ok {
			continue // len, print, ...: no effect on ownership
		}
		callee := common.StaticCallee()
		if callee == nil {
			f.handOver(instr) // a func value we cannot see
			continue
		}
		if i == 0 && f.method != "" && callee.Signature.Recv() != nil && callee.Name() == f.method {
			f.release(instr)
			continue
		}
		u := f.e.paramUse(callee, i)
		switch {
		case u.Released:
			f.release(instr)
		case u.Kept:
			f.handOver(instr)
		}
	}
}

// closure handles v (or, when byRef, the variable holding v) captured as
// free variable i of mc: if the closure releases or keeps it, calling the
// closure does, and handing the closure over hands the resource over.
func (f *flow) closure(mc *ssa.MakeClosure, i int, byRef bool) {
	anon, ok := mc.Fn.(*ssa.Function)
	if !ok || i >= len(anon.FreeVars) {
		f.handOver(mc)
		return
	}
	sub := newFlow(f.e, anon, f.method)
	sub.calling = f.calling
	if byRef {
		sub.addr(anon.FreeVars[i])
	} else {
		sub.value(anon.FreeVars[i])
	}
	if !sub.released && !sub.kept {
		return
	}
	f.closureValue(mc, sub.released, make(map[ssa.Value]bool))
}

func (f *flow) closureValue(c ssa.Value, releases bool, seen map[ssa.Value]bool) {
	if seen[c] {
		return
	}
	seen[c] = true
	for _, r := range *c.Referrers() {
		switch r := r.(type) {
		case ssa.CallInstruction:
			if r.Common().Value == c && releases {
				f.release(r)
			} else {
				f.handOver(r)
			}
		case *ssa.Phi, *ssa.ChangeType, *ssa.MakeInterface:
			f.closureValue(r.(ssa.Value), releases, seen)
		case *ssa.Return:
			for j, res := range r.Results {
				if res == c {
					f.returns[j] = true
				}
			}
			f.handOver(r)
		case *ssa.Store:
			if a, ok := r.Addr.(*ssa.Alloc); ok {
				for _, rr := range *a.Referrers() {
					if load, ok := rr.(*ssa.UnOp); ok && load.Op == token.MUL {
						f.closureValue(load, releases, seen)
					}
				}
				continue
			}
			f.handOver(r)
		case *ssa.DebugRef:
		default:
			f.handOver(r)
		}
	}
}

// isNil reports whether v is the constant nil.
func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil && !isBasic(c.Type())
}

func isBasic(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() != types.UntypedNil
}

// cancelReleases follows cancel, the cancel function of the context a
// context-bound resource was made with: calling it releases the resource.
func (f *flow) cancelReleases(cancel ssa.Value) {
	was := f.calling
	f.calling = true
	f.value(cancel)
	f.calling = was
}
