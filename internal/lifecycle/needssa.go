package lifecycle

import "go/types"

// needsSSA reports, from the package's type information and the facts of
// its imports, whether building its SSA form can find anything for a kind
// of resources released by calling them (cancel functions). Most packages
// that import context only pass contexts along; the driver runs the pass on
// every dependency, and building SSA for each would cost more than the
// rest of the analysis.
//
// What the engine finds needs, in the package:
//   - a leak, or a fact saying a function returns a resource: a reference
//     to an acquiring function (a constructor, or an imported function
//     whose fact says it returns one; local wrappers reach one of these);
//   - a fact about a parameter: a function or method with a parameter
//     that can hold a resource;
//   - a fact about a context parameter: a function or method with one,
//     and a done point, which is a call of an interface method named Done
//     or Err (the context's, or an interface's it was converted to), of
//     context.Cause, or of an imported function that has a fact.
//
// Only the first makes leaks, and the "provides resources" fact that
// importers test. The others make facts that an importer reads only for a
// function it calls, which it names: they count only for a function or
// method whose name is exported. A package with such a parameter or done
// point (or a call of an imported function with a fact) anywhere also gets
// the facts of the exported functions that only pass on a resource they
// were given (a getter's result), so it is analysed whenever it has one of
// those.
//
// For must-close kinds, see mustCloseNeedsSSA.
func (e *Engine) needsSSA() bool {
	if !e.kind.Called {
		return e.mustCloseNeedsSSA()
	}
	info := e.pass.TypesInfo
	var (
		param     bool // a function has a parameter that can hold one
		ctxParam  bool // an exported function has a context parameter
		canReturn bool // an exported function has a result that can hold one
	)
	for _, obj := range info.Defs {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		sig := fn.Signature()
		has := sig.Recv() != nil && e.canHold(sig.Recv().Type())
		for v := range sig.Params().Variables() {
			has = has || e.canHold(v.Type())
			ctxParam = ctxParam || fn.Exported() && isContextType(v.Type())
		}
		if has && fn.Exported() {
			return true
		}
		param = param || has
		if fn.Exported() {
			for v := range sig.Results().Variables() {
				canReturn = canReturn || e.canHold(v.Type())
			}
		}
	}
	if param && canReturn {
		return true
	}
	return e.usesAny(func(fn *types.Func) bool {
		if _, ok := e.kind.Constructors[e.fullName(fn)]; ok {
			return true
		}
		if isDonePoint(fn) && (ctxParam || canReturn) {
			return true
		}
		returns, ok := e.importedFact(fn)
		return returns || ok && (ctxParam || canReturn)
	})
}

// usesAny reports whether the package uses a function (its generic origin,
// each asked once) for which f reports true.
func (e *Engine) usesAny(f func(*types.Func) bool) bool {
	seen := make(map[*types.Func]bool)
	for _, obj := range e.pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		fn = fn.Origin()
		if seen[fn] {
			continue
		}
		seen[fn] = true
		if f(fn) {
			return true
		}
	}
	return false
}

// importedFact reports whether fn, a function of another package, has a
// fact, and whether that fact says it returns a resource. Calling one
// that returns a resource acquires one; calling one with another fact only
// tells about what the caller hands it, which matters only for the facts
// of the caller's own functions.
func (e *Engine) importedFact(fn *types.Func) (returns, ok bool) {
	if fn.Pkg() == nil || fn.Pkg() == e.pass.Pkg {
		return false, false
	}
	f := e.kind.Facts.newFunc()
	if !e.pass.ImportObjectFact(fn, f) {
		return false, false
	}
	return len(f.data().Returns) > 0, true
}

// mustCloseNeedsSSA is needsSSA for must-close kinds. Whatever the engine
// finds (a leak, a fact) is about a value of a must-close type: acquired,
// allocated, passed in or passed on. In SSA such a value is an expression's
// or a variable's, so a package where no expression (or tuple element of
// one) and no variable has such a type, or a pointer to one, has none; the
// driver runs the pass on every dependency that imports net/http, and most
// only name its requests and headers. The constructors of the Kind and
// imported functions with a fact count as well, as they do for cancel
// functions (those whose fact says they return a resource: another fact
// is about a value the caller hands over, which has a must-close type),
// and a package declaring must-close types (directives) is analysed, since
// it provides resources.
func (e *Engine) mustCloseNeedsSSA() bool {
	if len(e.localTypes) > 0 {
		return true
	}
	info := e.pass.TypesInfo
	memo := make(map[*types.Named]bool)
	holds := func(t types.Type) bool {
		n := namedOf(t)
		if n == nil {
			return false
		}
		ok, seen := memo[n]
		if !seen {
			_, ok = e.releaseMethod(n)
			memo[n] = ok
		}
		return ok
	}
	for _, tv := range info.Types {
		if tuple, ok := tv.Type.(*types.Tuple); ok {
			for v := range tuple.Variables() {
				if holds(v.Type()) {
					return true
				}
			}
		} else if tv.Type != nil && holds(tv.Type) {
			return true
		}
	}
	for _, obj := range info.Defs {
		if v, ok := obj.(*types.Var); ok && holds(v.Type()) {
			return true
		}
	}
	return e.usesAny(func(fn *types.Func) bool {
		if _, ok := e.kind.Constructors[e.fullName(fn)]; ok {
			return true
		}
		returns, _ := e.importedFact(fn)
		return returns
	})
}

// isDonePoint reports whether calling fn can be a done point of a context
// (see doneTracker.call): the Done or Err method of an interface, called on
// the context, or context.Cause. A concrete type's Done or Err (a
// WaitGroup's, rows') never is.
func isDonePoint(fn *types.Func) bool {
	switch fn.Name() {
	case "Done", "Err":
		recv := fn.Signature().Recv()
		return recv != nil && types.IsInterface(recv.Type())
	case "Cause":
		return fn.Pkg() != nil && fn.Pkg().Path() == "context" && fn.Signature().Recv() == nil
	}
	return false
}
