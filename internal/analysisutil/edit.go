package analysisutil

import (
	"go/ast"
	"go/token"
	"strings"
)

// LineEnd returns the position of the end of pos's line, after any
// trailing comment, where a fix can insert a new statement without
// moving that comment.
func LineEnd(fset *token.FileSet, pos token.Pos) token.Pos {
	tf := fset.File(pos)
	if tf == nil {
		return pos
	}
	line := tf.Line(pos)
	if line < tf.LineCount() {
		return tf.LineStart(line+1) - 1
	}
	return token.Pos(tf.Base() + tf.Size())
}

// Indent returns the tab indentation of a gofmt-formatted statement that
// starts at pos.
func Indent(fset *token.FileSet, pos token.Pos) string {
	return strings.Repeat("\t", max(0, fset.Position(pos).Column-1))
}

// InLoop reports whether the innermost node of path (as returned by
// astutil.PathEnclosingInterval) is inside a for or range statement of
// its own function, where an inserted defer would run only when the
// function returns rather than once per iteration.
func InLoop(path []ast.Node) bool {
	for _, n := range path {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		}
	}
	return false
}

// DefiningAssign recognises where a suggested fix can go after a value is
// created: path (innermost first, from the creating call) must run
// call → `:=` assignment with a single right-hand side → block, outside
// any loop (a deferred release there would pile up). It returns the
// assignment, the identifier bound to result, and the enclosing block.
func DefiningAssign(path []ast.Node, result int) (assign *ast.AssignStmt, lhs *ast.Ident, block *ast.BlockStmt, ok bool) {
	if len(path) < 3 || InLoop(path) {
		return nil, nil, nil, false
	}
	assign, ok = path[1].(*ast.AssignStmt)
	if !ok || assign.Tok != token.DEFINE || len(assign.Rhs) != 1 || result >= len(assign.Lhs) {
		return nil, nil, nil, false
	}
	lhs, ok = assign.Lhs[result].(*ast.Ident)
	if !ok {
		return nil, nil, nil, false
	}
	block, ok = path[2].(*ast.BlockStmt)
	if !ok {
		return nil, nil, nil, false
	}
	return assign, lhs, block, true
}

// ParentOf returns the node that encloses n in path (innermost first, as
// astutil.PathEnclosingInterval gives it), or nil.
func ParentOf(path []ast.Node, n ast.Node) ast.Node {
	for i, x := range path {
		if x == n && i+1 < len(path) {
			return path[i+1]
		}
	}
	return nil
}

// EndsBranch reports whether stmt is the last statement of a function
// body, or is followed by a return: the places where a release added
// just before stmt's end cannot be skipped by code that follows.
func EndsBranch(path []ast.Node, stmt ast.Stmt) bool {
	block, ok := ParentOf(path, stmt).(*ast.BlockStmt)
	if !ok {
		return false
	}
	for i, s := range block.List {
		if s != stmt {
			continue
		}
		if i == len(block.List)-1 {
			// The end of a function body, or of a branch that then
			// falls through to more code: only the former is safe.
			_, isBody := ParentOf(path, block).(*ast.FuncDecl)
			_, isLit := ParentOf(path, block).(*ast.FuncLit)
			return isBody || isLit
		}
		_, isRet := block.List[i+1].(*ast.ReturnStmt)
		return isRet
	}
	return false
}

// LineStart returns the position of the first byte of pos's line.
func LineStart(fset *token.FileSet, pos token.Pos) token.Pos {
	f := fset.File(pos)
	return f.LineStart(f.Line(pos))
}
