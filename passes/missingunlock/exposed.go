package missingunlock

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

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
func mayExportFacts(pass *analysis.Pass, hasFact func(types.Object) bool) bool {
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
	for _, f := range pass.Files {
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok {
				continue
			}
			if obj, ok := pass.TypesInfo.Defs[fd.Name].(*types.Func); ok {
				sig := obj.Type().(*types.Signature)
				if tupleHoldable(sig.Params(), seen) || tupleHoldable(sig.Results(), seen) {
					return true
				}
			}
			if fd.Body != nil && !balanced(pass, fd.Body, hasFact, seen) {
				return true
			}
		}
	}
	return false
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

// balanced reports whether, in body and the function literals in it, every
// lock taken is released and every lock released was taken (the locks
// named by the same expression), no lock method is used as a value, and no
// function of another package with a fact is called.
func balanced(pass *analysis.Pass, body *ast.BlockStmt, hasFact func(types.Object) bool, seen map[types.Type]bool) bool {
	locked := map[string]bool{}
	unlocked := map[string]bool{}
	ok := true
	astutil.Apply(body, func(c *astutil.Cursor) bool {
		if !ok {
			return false
		}
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			if sig, isSig := pass.TypesInfo.TypeOf(n).(*types.Signature); isSig && (tupleHoldable(sig.Params(), seen) || tupleHoldable(sig.Results(), seen)) {
				ok = false
			}
		case *ast.SelectorExpr:
			fn, isFn := pass.TypesInfo.Uses[n.Sel].(*types.Func)
			if !isFn || fn.Pkg() == nil {
				return true
			}
			if fn.Pkg() != pass.Pkg && fn.Pkg().Path() != "sync" && hasFact(fn) {
				ok = false
				return false
			}
			if !lockMethods[fn.Name()] || !isSyncLock(recvNamed(fn)) {
				return true
			}
			call, isCall := c.Parent().(*ast.CallExpr)
			if !isCall || call.Fun != n {
				ok = false // a method value: handed to code that runs it later
				return false
			}
			key := types.ExprString(n.X)
			switch fn.Name() {
			case "Unlock", "RUnlock":
				unlocked[key] = true
			default:
				locked[key] = true
			}
		case *ast.Ident:
			if fn, isFn := pass.TypesInfo.Uses[n].(*types.Func); isFn && fn.Pkg() != nil && fn.Pkg() != pass.Pkg && hasFact(fn) {
				ok = false
				return false
			}
		}
		return true
	}, nil)
	if !ok || len(locked) != len(unlocked) {
		return false
	}
	for k := range locked {
		if !unlocked[k] {
			return false
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
