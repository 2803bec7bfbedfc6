package lockflow

import "go/types"

// Exposes reports whether a holder of a value of type t, in another
// package, can reach a value of a base type in it (a lock, a WaitGroup):
// t is one (isBase), or leads to one through pointers, containers, and
// exported or embedded fields; or t is a type parameter whose constraint
// has one of methods, which the importer may instantiate with its own.
// seen memoizes the answer per type, and breaks cycles.
func Exposes(t types.Type, isBase func(types.Type) bool, methods map[string]bool, seen map[types.Type]bool) bool {
	t = types.Unalias(t)
	if isBase(t) {
		return true
	}
	if done, ok := seen[t]; ok {
		return done
	}
	seen[t] = false // a cycle adds nothing
	var r bool
	switch u := t.(type) {
	case *types.Named:
		r = Exposes(u.Underlying(), isBase, methods, seen)
	case *types.Pointer:
		r = Exposes(u.Elem(), isBase, methods, seen)
	case *types.Slice:
		r = Exposes(u.Elem(), isBase, methods, seen)
	case *types.Array:
		// [0]sync.Mutex marks a type not to be copied; it holds no lock.
		r = u.Len() > 0 && Exposes(u.Elem(), isBase, methods, seen)
	case *types.Map:
		r = Exposes(u.Key(), isBase, methods, seen) || Exposes(u.Elem(), isBase, methods, seen)
	case *types.Struct:
		for i := range u.NumFields() {
			f := u.Field(i)
			if (f.Exported() || f.Embedded()) && Exposes(f.Type(), isBase, methods, seen) {
				r = true
				break
			}
		}
	case *types.TypeParam:
		if iface, ok := u.Constraint().Underlying().(*types.Interface); ok {
			for i := range iface.NumMethods() {
				if methods[iface.Method(i).Name()] {
					r = true
					break
				}
			}
		}
	}
	seen[t] = r
	return r
}
