package lockflow

import "go/types"

// SyncMethod reports whether obj is the method (*sync.<typ>).<name>, or
// any method of *sync.<typ> when name is "". It compares names, not
// obj.FullName(), which builds a string: the passes ask this of every
// static call they meet.
func SyncMethod(obj *types.Func, typ, name string) bool {
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "sync" || (name != "" && obj.Name() != name) {
		return false
	}
	sig, ok := obj.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return false
	}
	ptr, ok := sig.Recv().Type().(*types.Pointer)
	if !ok {
		return false
	}
	named, ok := ptr.Elem().(*types.Named)
	return ok && named.Obj().Name() == typ
}
