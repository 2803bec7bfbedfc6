package missingunlock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/inspector"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/lockflow"
)

// mayExportFacts reports, from the syntax and types of a dependency
// alone, whether any of its lock facts could matter to an importer, so
// that a dependency where none can is never built in SSA form.
//
// An importer uses a fact to see a lock it holds taken again through a
// call, or handed over by a lock()/unlock() helper. Either way the
// importer must be able to hold a lock of this package, or hand one of its
// own in. It can do neither unless one of these holds:
//   - a lock is reachable through an exported or embedded field of a type
//     the package declares, or through an exported variable;
//   - a function takes or returns a lock, or a value through which one is
//     reachable that way (a lock of the importer's own);
//   - a function takes a lock it does not release, or releases one it did
//     not take (a helper), or uses a lock method as a value;
//   - the package calls a function of another package whose fact it may
//     pass on to importers that can use it (see propagates).
//
// Every other lock the package takes sits behind unexported fields or
// variables that no importer can lock: its facts would name locks that
// only the package itself holds, and they are balanced in each function.
func mayExportFacts(pass *analysis.Pass, ins *inspector.Inspector, hasFact func(types.Object) bool) bool {
	seen := map[types.Type]bool{}
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() {
		switch obj := scope.Lookup(name).(type) {
		case *types.Var:
			if obj.Exported() && holdable(obj.Type(), seen) {
				return true
			}
		case *types.TypeName:
			// An unexported type reaches importers only through exported
			// API: a signature, field or variable, each checked on its own.
			if obj.Exported() && holdable(obj.Type(), seen) {
				return true
			}
		}
	}
	for _, obj := range analysisutil.FuncDecls(pass) {
		sig := obj.Signature()
		if tupleHoldable(sig.Params(), seen) || tupleHoldable(sig.Results(), seen) {
			return true
		}
	}
	return !balanced(pass, ins, hasFact, seen)
}

func tupleHoldable(t *types.Tuple, seen map[types.Type]bool) bool {
	for i := range t.Len() {
		if holdable(t.At(i).Type(), seen) {
			return true
		}
	}
	return false
}

// isSyncLock reports a sync.Mutex, sync.RWMutex or sync.Locker.
func isSyncLock(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" {
		return false
	}
	switch n.Obj().Name() {
	case "Mutex", "RWMutex", "Locker":
		return true
	}
	return false
}

// holdable reports whether a holder of a value of type t can reach a lock
// in it from another package (lockflow.Exposes).
func holdable(t types.Type, seen map[types.Type]bool) bool {
	return lockflow.Exposes(t, isSyncLock, lockMethods, seen)
}

// balanced reports whether, in each function declaration and the function
// literals in it, every lock taken is released and every lock released was
// taken (the locks named by the same expression), no lock method is used
// as a value, no function literal takes or returns a lock, and no function
// of another package with a fact is called. It walks the package once,
// through the inspector the driver has built anyway.
func balanced(pass *analysis.Pass, ins *inspector.Inspector, hasFact func(types.Object) bool, seen map[types.Type]bool) bool {
	type counts struct{ locked, unlocked map[string]bool }
	perDecl := map[*ast.FuncDecl]*counts{}
	for cur := range ins.Root().Preorder((*ast.FuncLit)(nil), (*ast.SelectorExpr)(nil), (*ast.Ident)(nil)) {
		switch n := cur.Node().(type) {
		case *ast.FuncLit:
			if sig, ok := pass.TypesInfo.TypeOf(n).(*types.Signature); ok && (tupleHoldable(sig.Params(), seen) || tupleHoldable(sig.Results(), seen)) {
				return false
			}
		case *ast.Ident:
			if fn, ok := pass.TypesInfo.Uses[n].(*types.Func); ok && fn.Pkg() != nil && fn.Pkg() != pass.Pkg && fn.Pkg().Path() != "sync" && hasFact(fn) {
				return false
			}
		case *ast.SelectorExpr:
			fn, ok := pass.TypesInfo.Uses[n.Sel].(*types.Func)
			if !ok || fn.Pkg() == nil || !lockMethods[fn.Name()] || !isSyncLock(recvNamed(fn)) {
				continue
			}
			if call, ok := cur.Parent().Node().(*ast.CallExpr); !ok || call.Fun != n {
				return false // a method value: handed to code that runs it later
			}
			var decl *ast.FuncDecl
			for d := range cur.Enclosing((*ast.FuncDecl)(nil)) {
				decl = d.Node().(*ast.FuncDecl)
				break
			}
			c := perDecl[decl]
			if c == nil {
				c = &counts{locked: map[string]bool{}, unlocked: map[string]bool{}}
				perDecl[decl] = c
			}
			key := types.ExprString(n.X)
			switch fn.Name() {
			case "Unlock", "RUnlock":
				c.unlocked[key] = true
			default:
				c.locked[key] = true
			}
		}
	}
	for _, c := range perDecl {
		if len(c.locked) != len(c.unlocked) {
			return false
		}
		for k := range c.locked {
			if !c.unlocked[k] {
				return false
			}
		}
	}
	return true
}

// recvNamed is the type whose method fn is, seen through a pointer; nil
// for a function.
func recvNamed(fn *types.Func) types.Type {
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Recv() == nil {
		return nil
	}
	t := sig.Recv().Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	return t
}

// propagates reports whether a caller could pass f on to an importer that
// can use it: a helper's handover, or a lock reached from a parameter or
// a global through exported names only ("p0.Mu", "g:pkg.Lock"). A lock
// behind an unexported field ("p0.mu") can be held from outside its
// package only through a helper of that package, whose fact the caller
// would pass on too.
func (f *lockFact) propagates() bool {
	if len(f.Holds) > 0 || len(f.Releases) > 0 {
		return true
	}
	for _, l := range f.Locks {
		if exportedKey(l.Key) {
			return true
		}
	}
	return false
}

// exportedKey reports whether every name on a lock key's path, after its
// root parameter, is exported: a global's own name, and each field.
func exportedKey(key string) bool {
	root, rest := lockflow.Root(key)
	if strings.HasPrefix(root, "g:") {
		name := root[strings.LastIndexByte(root, '.')+1:]
		if !token.IsExported(name) {
			return false
		}
	}
	for _, seg := range strings.FieldsFunc(rest, func(r rune) bool { return r == '.' || r == '*' }) {
		if !token.IsExported(seg) {
			return false
		}
	}
	return true
}
