package missingunlock

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/lockflow"
)

// deferFix offers `defer mu.Unlock()` right after the Lock when that is
// unambiguous: the Lock is a statement of its own, not in a loop, and every
// explicit unlock of the same lock in the function is a statement that
// ends its block or comes just before a return, so deferring it changes
// nothing on the paths that already unlock. Those unlocks are removed.
func (c *checker) deferFix(r *funcResult, s site, key string) (analysis.SuggestedFix, bool) {
	if s.via != nil {
		return analysis.SuggestedFix{}, false
	}
	call, path := c.callSyntax(s.instr)
	if call == nil || len(path) < 2 || analysisutil.InLoop(path) {
		return analysis.SuggestedFix{}, false
	}
	stmt, ok := analysisutil.ParentOf(path, call).(*ast.ExprStmt)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return analysis.SuggestedFix{}, false
	}
	unlock := "Unlock"
	if sel.Sel.Name == "RLock" {
		unlock = "RUnlock"
	} else if sel.Sel.Name != "Lock" {
		return analysis.SuggestedFix{}, false
	}
	var edits []analysis.TextEdit
	namer := lockflow.NewNamer(r.fn)
	for _, b := range r.fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Defer); ok {
				if op, recv := lockOpOf(instr.(*ssa.Defer).Common()); op == opUnlock || op == opRUnlock {
					if k, ok := namer.Of(recv); ok && k.Path == key {
						return analysis.SuggestedFix{}, false
					}
				}
				continue
			}
			ci, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			op, recv := lockOpOf(ci.Common())
			if op != opUnlock && op != opRUnlock {
				continue
			}
			if k, ok := namer.Of(recv); !ok || k.Path != key {
				continue
			}
			ucall, upath := c.callSyntax(ci)
			if ucall == nil || analysisutil.InLoop(upath) {
				return analysis.SuggestedFix{}, false
			}
			ustmt, ok := analysisutil.ParentOf(upath, ucall).(*ast.ExprStmt)
			if !ok || !analysisutil.EndsBranch(upath, ustmt) {
				return analysis.SuggestedFix{}, false
			}
			start := analysisutil.LineStart(c.pass.Fset, ustmt.Pos())
			edits = append(edits, analysis.TextEdit{Pos: start, End: analysisutil.LineEnd(c.pass.Fset, ustmt.End()) + 1})
		}
	}
	indent := analysisutil.Indent(c.pass.Fset, stmt.Pos())
	at := analysisutil.LineEnd(c.pass.Fset, stmt.End())
	text := "\n" + indent + "defer " + types.ExprString(sel.X) + "." + unlock + "()"
	edits = append([]analysis.TextEdit{{Pos: at, End: at, NewText: []byte(text)}}, edits...)
	return analysis.SuggestedFix{Message: "defer " + types.ExprString(sel.X) + "." + unlock + "() right after the lock", TextEdits: edits}, true
}
