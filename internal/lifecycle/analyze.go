package lifecycle

import (
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// acquisition is one place in a function where a resource appears.
type acquisition struct {
	instr  ssa.Instruction
	callee *types.Func
	result int
	values []ssa.Value // the resource as it leaves the instruction
	errs   []ssa.Value // error results of the same call
	silent bool        // a bare allocation: only its returns matter
	typ    types.Type
}

// analyze finds fn's acquisitions and their leaks, once.
func (e *Engine) analyze(fn *ssa.Function) *funcInfo {
	if info, ok := e.funcs[fn]; ok {
		if info.inProgress {
			return &funcInfo{} // recursion: the caller sees no resources
		}
		return info
	}
	info := &funcInfo{inProgress: true, returns: make(map[int]bool)}
	e.funcs[fn] = info
	defer func() { info.inProgress = false }()

	exempt := isMainMain(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			for _, acq := range e.acquisitionsAt(instr) {
				ctx := e.contextArgOf(acq)
				if ctx != nil && isNil(ctx) || e.kind.DoneContext && nilContext(acq) {
					continue // the constructor panics: nothing to release
				}
				fl := newFlow(e, fn, "")
				if !e.kind.Called {
					fl.method, _ = e.releaseMethod(acq.typ)
					fl.next = e.iterMethod(acq.typ)
				}
				for _, v := range acq.values {
					fl.value(v)
				}
				if ctx != nil {
					if cancel := cancelOf(ctx); cancel != nil {
						fl.cancelReleases(cancel)
					}
				}
				for _, v := range acq.errs {
					fl.addErr(v)
				}
				fl.settle()
				if e.kind.DoneContext && fl.trackContext(acq) {
					continue // made from a done parent: born done
				}
				// A value that is also kept elsewhere (registered for
				// cleanup, say) is not the caller's to release.
				if !fl.keptElse {
					for i := range fl.returns {
						info.returns[i] = true
					}
				}
				if acq.silent || exempt {
					continue
				}
				if leak, ok := e.leakOf(fn, acq, fl); ok {
					info.leaks = append(info.leaks, leak)
				}
			}
		}
	}
	return info
}

// contextArg returns the context.Context argument of a context-bound
// constructor's call.
func (e *Engine) contextArgOf(acq acquisition) ssa.Value {
	call, ok := acq.instr.(*ssa.Call)
	if !ok || acq.callee == nil || !e.kind.ContextBound[e.fullName(acq.callee)] {
		return nil
	}
	for _, arg := range call.Call.Args {
		if n := namedOf(arg.Type()); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context" {
			return arg
		}
	}
	return nil
}

// cancelOf returns the cancel function made together with ctx by a
// context.With* call in the same function.
func cancelOf(ctx ssa.Value) ssa.Value {
	ex, ok := ctx.(*ssa.Extract)
	if !ok || ex.Index != 0 {
		return nil
	}
	call, ok := ex.Tuple.(*ssa.Call)
	if !ok {
		return nil
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "context" || !strings.HasPrefix(callee.Name(), "With") {
		return nil
	}
	for _, r := range *call.Referrers() {
		if ex1, ok := r.(*ssa.Extract); ok && ex1.Index == 1 && isCancelLike(ex1.Type()) {
			return ex1
		}
	}
	return nil
}

func (e *Engine) acquisitionsAt(instr ssa.Instruction) []acquisition {
	switch instr := instr.(type) {
	case *ssa.Call:
		callee, results := e.acquires(&instr.Call)
		var out []acquisition
		for _, r := range results {
			acq := acquisition{instr: instr, callee: callee, result: r}
			if tuple, ok := instr.Type().(*types.Tuple); ok {
				if r >= tuple.Len() {
					continue
				}
				acq.typ = tuple.At(r).Type()
				for _, ref := range *instr.Referrers() {
					ex, ok := ref.(*ssa.Extract)
					if !ok {
						continue
					}
					if ex.Index == r {
						acq.values = append(acq.values, ex)
					} else if types.Identical(ex.Type(), types.Universe.Lookup("error").Type()) {
						acq.errs = append(acq.errs, ex)
					}
				}
			} else {
				acq.typ = instr.Type()
				if len(*instr.Referrers()) > 0 {
					acq.values = []ssa.Value{instr}
				}
			}
			out = append(out, acq)
		}
		return out
	case *ssa.Alloc:
		// &T{} of a must-close type makes its function a constructor
		// when it returns the value; it is never reported by itself.
		if !instr.Heap || e.kind.Called {
			return nil
		}
		// A resource released through a field holds whatever the
		// literal put there: making one acquires nothing.
		if m, ok := e.releaseMethod(instr.Type()); ok && !isPath(m) {
			return []acquisition{{instr: instr, values: []ssa.Value{instr}, silent: true, typ: instr.Type()}}
		}
	}
	return nil
}

func (e *Engine) leakOf(fn *ssa.Function, acq acquisition, fl *flow) (Leak, bool) {
	call := acq.instr.(*ssa.Call)
	leak := Leak{
		Func:          fn,
		Callee:        acq.callee,
		Result:        acq.result,
		Type:          acq.typ,
		Method:        fl.method,
		NeverReleased: !fl.released && !fl.kept,
		UnreadField:   fl.unreadField,
	}
	syntax, path := e.callSyntax(call.Call.Pos())
	if syntax != nil {
		leak.Pos, leak.End, leak.Path = syntax.Pos(), syntax.End(), path
	} else {
		leak.Pos, leak.End = call.Pos(), call.Pos()
	}
	if discarded(path, acq.result) || (len(acq.values) == 0 && path == nil) {
		if fl.errOnlyChecked() {
			// `_, err := db.Query(bad)` followed by an assertion that
			// err is set: only a nil err leaves something to release,
			// and nothing here shows that path can run.
			return Leak{}, false
		}
		if len(fl.done) > 0 || len(fl.doneEdges) > 0 {
			// Nothing releases it but the context being done: that
			// must happen on every path.
			if fl.leakPath(call, false) == nil {
				return Leak{}, false
			}
		}
		for _, d := range fl.defers {
			if !fl.lateDefers[d] && precedes(d, call) {
				return Leak{}, false // released by a defer made before it (cancel of its context)
			}
		}
		if len(acq.errs) > 0 && fl.leakPath(call, false) == nil {
			// Every path on which the call succeeded ends the
			// goroutine: `if err == nil { t.Fatal(...) }`.
			return Leak{}, false
		}
		leak.Reason = Discarded
		leak.Exit = leak.Pos
		return leak, true
	}
	if d := fl.pilingDefer(call, path); d != nil {
		leak.Reason = DeferredInLoop
		leak.Exit = d.Pos()
		return leak, true
	}
	// A release deferred before the acquisition, on every path to it,
	// runs at every exit after it; if it reads the resource from a
	// variable, only until the variable is overwritten.
	armed := false
	for _, d := range fl.defers {
		if d.Block() == call.Block() && indexIn(d) < indexIn(call) ||
			d.Block() != call.Block() && d.Block().Dominates(call.Block()) {
			if !fl.lateDefers[d] {
				return Leak{}, false
			}
			armed = true
		}
	}
	exit := fl.leakPath(call, armed)
	switch {
	case exit == nil:
		return Leak{}, false
	case exit == acq.instr:
		leak.Reason = Reacquired
		leak.Exit = leak.Pos
	default:
		leak.Reason = Unreleased
		leak.Exit = exitPos(fn, exit)
	}
	return leak, true
}

// isMainMain reports whether fn is main.main: returning from it ends the
// process, which releases everything.
func isMainMain(fn *ssa.Function) bool {
	if fn.Parent() != nil || fn.Pkg == nil || fn.Pkg.Pkg.Name() != "main" || fn.Name() != "main" {
		return false
	}
	decl, ok := fn.Syntax().(*ast.FuncDecl)
	return ok && decl.Recv == nil
}

// discarded reports whether the call at path[0] is a statement of its own
// or assigns result i to the blank identifier.
func discarded(path []ast.Node, i int) bool {
	if len(path) < 2 {
		return false
	}
	var lhs, rhs []ast.Expr
	switch parent := path[1].(type) {
	case *ast.ExprStmt:
		return true
	case *ast.AssignStmt:
		lhs, rhs = parent.Lhs, parent.Rhs
	case *ast.ValueSpec:
		for _, n := range parent.Names {
			lhs = append(lhs, n)
		}
		rhs = parent.Values
	default:
		return false
	}
	if len(rhs) > 1 { // a, b := f(), g(): one result each
		i = -1
		for j, r := range rhs {
			if r == path[0] {
				i = j
			}
		}
		if i < 0 || i >= len(lhs) {
			return false
		}
	}
	if len(lhs) == 1 {
		i = 0 // a single result
	}
	id, ok := lhs[min(i, len(lhs)-1)].(*ast.Ident)
	return ok && id.Name == "_"
}

func indexIn(instr ssa.Instruction) int {
	for i, x := range instr.Block().Instrs {
		if x == instr {
			return i
		}
	}
	return -1
}

// errOnlyChecked reports whether the acquisition's error results are
// used only as arguments of calls, as in `_, err := db.Query(bad);
// require.Error(t, err)`: what such a call makes of a nil error (fail
// the test, say) decides whether anything is left to release.
func (f *flow) errOnlyChecked() bool {
	used := false
	for v := range f.errs {
		for _, r := range *v.Referrers() {
			switch r.(type) {
			case *ssa.DebugRef:
			case ssa.CallInstruction:
				used = true
			default:
				return false
			}
		}
	}
	return used
}
