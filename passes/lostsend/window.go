package lostsend

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// computedWindow reports whether a channel's computed capacity is a window
// rather than a count of senders: not len or cap of something, and not a
// bound any loop of the function compares against or ranges to. Only then
// may the senders outnumber it; otherwise it is the author's count.
func computedWindow(mc *ssa.MakeChan) bool {
	size := mc.Size
	for {
		conv, ok := size.(*ssa.Convert)
		if !ok {
			break
		}
		size = conv.X
	}
	if call, ok := size.(*ssa.Call); ok {
		if b, ok := call.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
			return false
		}
	}
	if _, ok := size.(*ssa.BinOp); ok {
		return false // arithmetic on counts: n*m workers, len(a)+len(b)
	}
	switch size.(type) {
	case *ssa.Parameter, *ssa.Field, *ssa.Call:
	case *ssa.UnOp:
		// A field of a configuration (s.window), not a local variable
		// whose other loads may bound a loop.
		if fa, ok := size.(*ssa.UnOp).X.(*ssa.FieldAddr); !ok || fa == nil {
			return false
		}
	default:
		return false
	}
	for _, r := range *size.Referrers() {
		switch r := r.(type) {
		case *ssa.BinOp:
			switch r.Op {
			case token.LSS, token.LEQ, token.GTR, token.GEQ, token.EQL, token.NEQ:
				return false // a loop bound, or a count compared
			}
		case *ssa.Convert:
			for _, rr := range *r.Referrers() {
				if b, ok := rr.(*ssa.BinOp); ok && b.Op != token.ADD {
					return false
				}
			}
		}
	}
	return true
}

// sizeText is the source of a channel's capacity argument.
func (c *checker) sizeText(mc *ssa.MakeChan) string {
	call, file := c.makeCall(mc.Pos())
	if call == nil || file == nil || len(call.Args) < 2 {
		return "its size"
	}
	if id, ok := call.Args[1].(*ast.Ident); ok {
		return id.Name
	}
	return "a computed size"
}
