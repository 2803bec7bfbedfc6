package missingdone

import (
	"go/ast"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/lockflow"
)

// deferDoneFix offers `defer wg.Done()` as the first statement of a
// goroutine literal when every explicit Done of the group in it is a
// statement that ends the body or comes just before a return: deferring
// then changes nothing on the paths that already call it. Those calls are
// removed.
func (c *checker) deferDoneFix(fn *ssa.Function, key, wname string) (analysis.SuggestedFix, bool) {
	lit, ok := fn.Syntax().(*ast.FuncLit)
	if !ok || len(lit.Body.List) == 0 || wname == "the WaitGroup" {
		return analysis.SuggestedFix{}, false
	}
	namer := lockflow.NewNamer(fn)
	var edits []analysis.TextEdit
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			m, recv := wgMethod(ci.Common())
			if m != "Done" {
				continue
			}
			if k, ok := namer.Of(recv); !ok || k.Path != key {
				continue
			}
			if _, isDefer := instr.(*ssa.Defer); isDefer {
				return analysis.SuggestedFix{}, false
			}
			call, path := c.callSyntax(ci.Common().Pos())
			if call == nil || analysisutil.InLoop(path) {
				return analysis.SuggestedFix{}, false
			}
			stmt, ok := analysisutil.ParentOf(path, call).(*ast.ExprStmt)
			if !ok || !analysisutil.EndsBranch(path, stmt) {
				return analysis.SuggestedFix{}, false
			}
			edits = append(edits, analysis.TextEdit{Pos: analysisutil.LineStart(c.pass.Fset, stmt.Pos()), End: analysisutil.LineEnd(c.pass.Fset, stmt.End()) + 1})
		}
	}
	first := lit.Body.List[0]
	indent := analysisutil.Indent(c.pass.Fset, first.Pos())
	at := analysisutil.LineStart(c.pass.Fset, first.Pos())
	edits = append([]analysis.TextEdit{{Pos: at, End: at, NewText: []byte(indent + "defer " + wname + ".Done()\n")}}, edits...)
	return analysis.SuggestedFix{Message: "defer " + wname + ".Done() first in the goroutine", TextEdits: edits}, true
}
