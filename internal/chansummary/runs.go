package chansummary

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Runs reports whether the analysis can show that fn may run, which a
// finding at a blocking operation in fn needs: something in the package
// calls it, starts it or takes it as a value; it is an entry point (main,
// an init, a test, the package's exported API); or, for a method, an
// interface call that may reach it is in sight. That is an interface call
// of its name in this package, or the method's type handed to code out of
// sight as an interface that has the method (an io.Closer's Close), or
// as the type itself through the exported API.
//
// Runs is not the negation of Dead. Dead answers "may a partner here
// complete an operation?" and keeps every method of a boxed type, since
// code out of sight may assert the box to anything; Runs answers "may the
// blocked operation here happen?" and needs a call that can be shown. A
// fake's method that no interface call of the package names, on a type
// only ever boxed in the package's own unexported interface, neither runs
// nor is dead.
func (s *Summary) Runs(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		fn = fn.Parent() // a closure runs when its function does
	}
	if fn.Synthetic != "" || fn.Pkg != s.Pkg {
		return true
	}
	if len(s.Callers[fn]) > 0 || len(s.Starts[fn]) > 0 || s.refs[fn] {
		return true
	}
	obj := fn.Object()
	if obj == nil || s.refObjs[obj] {
		return true
	}
	recv := fn.Signature.Recv()
	if recv == nil {
		name := fn.Name()
		if name == "main" || strings.HasPrefix(name, "init") || isTestEntry(name) {
			return true
		}
		return obj.Exported() && !s.Command
	}
	if len(s.Invokes[fn.Name()]) > 0 {
		return true
	}
	n := namedOf(recv.Type())
	if n == nil {
		return true
	}
	tn := n.Obj()
	if obj.Exported() && !s.Command && (tn.Exported() || s.exposed[tn]) {
		return true
	}
	return s.boxedFor[tn][fn.Name()]
}

func isTestEntry(name string) bool {
	for _, p := range [...]string{"Test", "Benchmark", "Example", "Fuzz"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// openInterface returns the methods of iface when code out of sight can
// name it (declared in another package, exported, handed out by the
// exported API, or a literal interface type, which any package can
// spell), nil otherwise. Through such an interface that code calls them.
func (s *Summary) openInterface(iface types.Type) *types.Interface {
	it, ok := iface.Underlying().(*types.Interface)
	if !ok || it.NumMethods() == 0 {
		return nil
	}
	if n, ok := types.Unalias(iface).(*types.Named); ok {
		obj := n.Obj()
		if obj.Pkg() == s.Pkg.Pkg && !obj.Exported() && !s.exposed[obj] {
			return nil
		}
	}
	return it
}

// boxedInto records tn converted to the interface type iface, when iface
// is open (see openInterface). The types tn embeds get the same calls,
// promoted.
func (s *Summary) boxedInto(tn *types.TypeName, iface types.Type) {
	it := s.openInterface(iface)
	if it == nil {
		return
	}
	seen := map[*types.TypeName]bool{}
	var add func(tn *types.TypeName)
	add = func(tn *types.TypeName) {
		if seen[tn] {
			return
		}
		seen[tn] = true
		m := s.boxedFor[tn]
		if m == nil {
			m = map[string]bool{}
			s.boxedFor[tn] = m
		}
		for i := range it.NumMethods() {
			m[it.Method(i).Name()] = true
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				if f := st.Field(i); f.Embedded() {
					if n := namedOf(f.Type()); n != nil {
						add(n.Obj())
					}
				}
			}
		}
	}
	add(tn)
}

// viewedAs records a box turned into the interface iface (a conversion
// between interfaces, a type assertion): any boxed type that implements
// an open iface may be called through it.
func (s *Summary) viewedAs(iface types.Type) {
	it := s.openInterface(iface)
	if it == nil {
		return
	}
	for tn := range s.boxed {
		t := tn.Type()
		if n, ok := t.(*types.Named); ok && n.TypeParams().Len() > 0 {
			s.boxedInto(tn, iface) // generic: assume it may implement it
			continue
		}
		if types.Implements(t, it) || types.Implements(types.NewPointer(t), it) {
			s.boxedInto(tn, iface)
		}
	}
}

// exposedTypes returns the unexported named types of pkg that its exported
// API hands out: in the signature of an exported function or method, in an
// exported or embedded field, in an exported variable, transitively. Code
// out of sight holds values of those types and calls their exported
// methods.
func exposedTypes(pkg *types.Package) map[*types.TypeName]bool {
	exposed := map[*types.TypeName]bool{}
	seen := map[types.Type]bool{}
	var work []*types.Named
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Alias:
			walk(types.Unalias(t))
		case *types.Named:
			if t.Obj().Pkg() == pkg {
				if !t.Obj().Exported() {
					exposed[t.Obj()] = true
				}
				work = append(work, t)
			}
			for i := range t.TypeArgs().Len() {
				walk(t.TypeArgs().At(i))
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			for i := range t.Params().Len() {
				walk(t.Params().At(i).Type())
			}
			for i := range t.Results().Len() {
				walk(t.Results().At(i).Type())
			}
		case *types.Struct:
			for i := range t.NumFields() {
				if f := t.Field(i); f.Exported() || f.Embedded() {
					walk(f.Type())
				}
			}
		case *types.Interface:
			for i := range t.NumMethods() {
				if m := t.Method(i); m.Exported() {
					walk(m.Type())
				}
			}
		}
	}
	scope := pkg.Scope()
	for _, name := range scope.Names() {
		obj := scope.Lookup(name)
		if !obj.Exported() {
			continue
		}
		switch obj.(type) {
		case *types.Func, *types.Var, *types.TypeName:
			walk(obj.Type())
		}
	}
	for len(work) > 0 {
		n := work[len(work)-1]
		work = work[:len(work)-1]
		walk(n.Underlying())
		for i := range n.NumMethods() {
			if m := n.Method(i); m.Exported() {
				walk(m.Type())
			}
		}
	}
	return exposed
}
