package lostsend

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"
)

// bufferFix gives the channel a buffer with room for every send, when that
// number can be written down at the make: a constant, or the length or
// bound of the loop that starts the senders.
func (c *checker) bufferFix(fn *ssa.Function, mc *ssa.MakeChan, senders []sender, l *leak) (analysis.SuggestedFix, bool) {
	call, file := c.makeCall(mc.Pos())
	if call == nil || len(call.Args) == 0 || len(call.Args) > 2 {
		return analysis.SuggestedFix{}, false
	}
	var size string
	if l.sends.isConst() {
		size = strconv.FormatInt(l.sends.n, 10)
	} else {
		// Goroutines that never block on a send (a closer waiting on a
		// WaitGroup) need no room.
		var blocking []sender
		for _, s := range senders {
			if !s.sends.zero() {
				blocking = append(blocking, s)
			}
		}
		if len(blocking) == 1 && blocking[0].sends == exactly(1) {
			size = c.loopBound(file, blocking[0].start.Pos(), call.Pos())
		}
	}
	if size == "" {
		return analysis.SuggestedFix{}, false
	}
	var edit analysis.TextEdit
	if len(call.Args) == 1 {
		edit = analysis.TextEdit{Pos: call.Args[0].End(), End: call.Args[0].End(), NewText: []byte(", " + size)}
	} else {
		edit = analysis.TextEdit{Pos: call.Args[1].Pos(), End: call.Args[1].End(), NewText: []byte(size)}
	}
	return analysis.SuggestedFix{
		Message:   fmt.Sprintf("buffer the channel with capacity %s", size),
		TextEdits: []analysis.TextEdit{edit},
	}, true
}

// makeCall finds the make call whose opening parenthesis is at lparen.
func (c *checker) makeCall(lparen token.Pos) (*ast.CallExpr, *ast.File) {
	for _, f := range c.pass.Files {
		if f.FileStart > lparen || lparen >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, lparen, lparen+1)
		for _, n := range path {
			if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
				return call, f
			}
		}
	}
	return nil, nil
}

// loopBound returns the trip count of the innermost loop around the go
// statement at goPos as an expression valid at the make (at makePos):
// len(xs) for a range over a slice, array or map named xs, n for a range
// over the integer n or for `for i := 0; i < n; i++`.
func (c *checker) loopBound(file *ast.File, goPos, makePos token.Pos) string {
	path, _ := astutil.PathEnclosingInterval(file, goPos, goPos+1)
	for _, n := range path {
		switch loop := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return ""
		case *ast.RangeStmt:
			id, ok := loop.X.(*ast.Ident)
			if !ok || !c.declaredBefore(id, makePos) {
				return ""
			}
			switch c.pass.TypesInfo.TypeOf(id).Underlying().(type) {
			case *types.Slice, *types.Array, *types.Map:
				return "len(" + id.Name + ")"
			case *types.Basic:
				if isInteger(c.pass.TypesInfo.TypeOf(id)) {
					return id.Name
				}
			}
			return ""
		case *ast.ForStmt:
			return c.countingLoopBound(loop, makePos)
		}
	}
	return ""
}

func (c *checker) countingLoopBound(loop *ast.ForStmt, makePos token.Pos) string {
	init, ok := loop.Init.(*ast.AssignStmt)
	if !ok || len(init.Lhs) != 1 || len(init.Rhs) != 1 {
		return ""
	}
	if lit, ok := init.Rhs[0].(*ast.BasicLit); !ok || lit.Value != "0" {
		return ""
	}
	cond, ok := loop.Cond.(*ast.BinaryExpr)
	if !ok || cond.Op != token.LSS {
		return ""
	}
	iv, ok1 := cond.X.(*ast.Ident)
	lv, ok2 := init.Lhs[0].(*ast.Ident)
	bound, ok3 := cond.Y.(*ast.Ident)
	if !ok1 || !ok2 || !ok3 || iv.Name != lv.Name || !c.declaredBefore(bound, makePos) {
		return ""
	}
	if inc, ok := loop.Post.(*ast.IncDecStmt); !ok || inc.Tok != token.INC {
		return ""
	}
	return bound.Name
}

func (c *checker) declaredBefore(id *ast.Ident, pos token.Pos) bool {
	obj := c.pass.TypesInfo.Uses[id]
	v, ok := obj.(*types.Var)
	return ok && v.Pos() < pos
}

func isInteger(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Info()&types.IsInteger != 0
}
