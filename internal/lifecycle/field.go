package lifecycle

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// A must-close type may be released through one of its fields: an
// *http.Response is released by closing its Body, so its release method
// is the path "Body.Close". The engine follows the response itself for
// ownership (returned, stored, handed to a function that closes it) and,
// at each read of the field, the value read with the rest of the path:
// closing what resp.Body holds, or handing that over (returning it,
// passing it to a function that closes it), releases the response.

// cutPath splits a release path into its first field and the rest;
// ok is false for a plain method.
func cutPath(method string) (field, rest string, ok bool) {
	return strings.Cut(method, ".")
}

// isPath reports whether method is reached through a field.
func isPath(method string) bool {
	return strings.Contains(method, ".")
}

// field follows r, a read of a field of the resource, when the release
// path goes through that field: what the field holds is then released by
// the rest of the path.
func (f *flow) field(r ssa.Instruction) {
	name, rest, ok := cutPath(f.method)
	if !ok {
		return
	}
	switch r := r.(type) {
	case *ssa.FieldAddr:
		if v := fieldOf(r.X.Type(), r.Field); v == nil || v.Name() != name {
			return
		}
		for _, fr := range *r.Referrers() {
			if load, ok := fr.(*ssa.UnOp); ok && load.Op == token.MUL {
				f.inner(load, rest)
			}
		}
	case *ssa.Field:
		if v := fieldOf(r.X.Type(), r.Field); v == nil || v.Name() != name {
			return
		}
		f.inner(r, rest)
	}
}

// inner follows v, the part of the resource that method releases. Its
// returns hand the resource over, but do not make the function a
// constructor of the resource: what it returns is the part.
func (f *flow) inner(v ssa.Value, method string) {
	saved := f.method
	f.method = method
	f.depth++
	f.value(v)
	f.depth--
	f.method = saved
}

// isInterfaceWith reports whether t is an interface that has method, so
// that a parameter of type t can release a part of a resource that
// method releases (an io.Closer parameter given resp.Body).
func isInterfaceWith(t types.Type, method string) bool {
	if t == nil || isPath(method) {
		return false
	}
	iface, ok := t.Underlying().(*types.Interface)
	if !ok || iface.NumMethods() == 0 {
		return false
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, method)
	_, isFunc := obj.(*types.Func)
	return isFunc
}

// borrowedResults returns the results of fn, of a type that can hold the
// resource and not among fresh, that return only what a field, a global,
// a parameter or a free variable held (or nil): fn is a getter for them.
func borrowedResults(fn *ssa.Function, canHold func(types.Type) bool, fresh map[int]bool) []int {
	res := fn.Signature.Results()
	var out []int
	for i := range res.Len() {
		if fresh[i] || !canHold(res.At(i).Type()) {
			continue
		}
		some, all := false, true
		for _, b := range fn.Blocks {
			if len(b.Instrs) == 0 {
				continue
			}
			ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
			if !ok || i >= len(ret.Results) {
				continue
			}
			switch borrowedValue(ret.Results[i], 4) {
			case borrowNil:
			case borrowYes:
				some = true
			default:
				all = false
			}
		}
		if some && all {
			out = append(out, i)
		}
	}
	return out
}

type borrow int

const (
	borrowNo borrow = iota
	borrowYes
	borrowNil
)

// borrowedValue classifies v: a value read from somewhere that already
// held it, the constant nil, or anything else.
func borrowedValue(v ssa.Value, depth int) borrow {
	if depth == 0 {
		return borrowNo
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value == nil {
			return borrowNil
		}
	case *ssa.Parameter, *ssa.FreeVar, *ssa.Field:
		return borrowYes
	case *ssa.UnOp:
		if v.Op == token.MUL {
			switch v.X.(type) {
			case *ssa.FieldAddr, *ssa.Global, *ssa.IndexAddr:
				return borrowYes
			}
		}
	case *ssa.MakeInterface:
		return borrowedValue(v.X, depth-1)
	case *ssa.ChangeType:
		return borrowedValue(v.X, depth-1)
	case *ssa.Phi:
		some := false
		for _, e := range v.Edges {
			switch borrowedValue(e, depth-1) {
			case borrowNo:
				return borrowNo
			case borrowYes:
				some = true
			}
		}
		if some {
			return borrowYes
		}
		return borrowNil
	}
	return borrowNo
}
