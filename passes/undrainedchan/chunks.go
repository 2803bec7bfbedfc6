package undrainedchan

import (
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// alwaysFails reports a call to StreamJSON or StreamReader that returns an
// error before starting its producer whatever happens at run time: a
// constant chunk size below 1, a nil reader, or a value json.Marshal
// rejects by its type alone (func, chan, complex).
func alwaysFails(call *ssa.Call) bool {
	args := call.Call.Args
	if len(args) != 3 {
		return false
	}
	if k, ok := args[2].(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Int {
		if n, exact := constant.Int64Val(k.Value); exact && n < 1 {
			return true
		}
	}
	v := args[1]
	if k, ok := v.(*ssa.Const); ok && k.IsNil() {
		// A nil io.Reader fails; a nil `any` value encodes as null.
		return !isEmptyInterface(k.Type())
	}
	if mi, ok := v.(*ssa.MakeInterface); ok {
		switch t := mi.X.Type().Underlying().(type) {
		case *types.Signature, *types.Chan:
			return true
		case *types.Basic:
			return t.Info()&types.IsComplex != 0
		}
	}
	return false
}

func isEmptyInterface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() == 0
}

// errChunkEdge reports whether the edge from b to b.Succs[i] is taken when
// a chunk received from the channel carries an error: `if c.Err != nil`.
func errChunkEdge(b *ssa.BasicBlock, i int, isChan func(ssa.Value) bool) bool {
	x, whenNonNil, ok := chanflow.NonNilEdge(b, i)
	return ok && whenNonNil && receivedErr(x, isChan)
}

// receivedErr reports whether v is the Err field of a value received from
// the channel, read directly or through the variable holding the value.
func receivedErr(v ssa.Value, isChan func(ssa.Value) bool) bool {
	switch v := v.(type) {
	case *ssa.Field:
		return isErrField(v.X.Type(), v.Field) && received(v.X, isChan)
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		if v.Op != token.MUL || !ok {
			return false
		}
		ptr, ok := fa.X.Type().Underlying().(*types.Pointer)
		if !ok || !isErrField(ptr.Elem(), fa.Field) {
			return false
		}
		val := storedValue(fa.X)
		return val != nil && received(val, isChan)
	}
	return false
}

func isErrField(t types.Type, i int) bool {
	st, ok := t.Underlying().(*types.Struct)
	return ok && i < st.NumFields() && st.Field(i).Name() == "Err"
}

// received reports whether v came out of a receive from the channel, in a
// plain receive, a range or a select case.
func received(v ssa.Value, isChan func(ssa.Value) bool) bool {
	switch v := v.(type) {
	case *ssa.UnOp:
		return v.Op == token.ARROW && isChan(v.X)
	case *ssa.Extract:
		switch t := v.Tuple.(type) {
		case *ssa.UnOp:
			return v.Index == 0 && t.Op == token.ARROW && isChan(t.X)
		case *ssa.Select:
			for _, st := range t.States {
				if isChan(st.Chan) {
					return true
				}
			}
		}
	}
	return false
}
