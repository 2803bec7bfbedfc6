package lifecycle

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// Some must-close types are iterators that also release themselves when
// exhausted: (*sql.Rows).Next closes the rows when it returns false. The
// iterator method is then neither a release nor a use: the path search
// takes only the branch on which it returned true, where the value is
// still open, so `return err` inside `for rows.Next() { ... }` leaks the
// rows unless that path closes them, and leaving the loop through Next's
// false result releases them.

// iterMethod returns the iterator method of t, if t is a must-close
// iterator.
func (e *Engine) iterMethod(t types.Type) string {
	if e.kind.Called || len(e.kind.Iterators) == 0 {
		return ""
	}
	n := namedOf(t)
	if n == nil {
		return ""
	}
	return e.kind.Iterators[typeKey(n)]
}

// isNextCall reports whether common calls the iterator method on v.
func (f *flow) isNextCall(common *ssa.CallCommon, v ssa.Value) bool {
	if f.next == "" || f.depth > 0 {
		return false
	}
	if common.IsInvoke() {
		return common.Value == v && common.Method.Name() == f.next
	}
	callee := common.StaticCallee()
	return callee != nil && callee.Signature.Recv() != nil && callee.Name() == f.next &&
		len(common.Args) > 0 && common.Args[0] == v
}

// nextCall records instr, a call of the iterator method. When its result
// only decides branches, the path search follows them (see nextTest);
// used any other way, the call counts as a release, as it may be the one
// that exhausts the iterator.
func (f *flow) nextCall(instr ssa.CallInstruction) {
	call, ok := instr.(*ssa.Call)
	if !ok || !onlyBranches(call, 2) {
		f.release(instr)
		return
	}
	if f.nexts == nil {
		f.nexts = make(map[ssa.Value]bool)
	}
	f.nexts[call] = true
	f.iterated = true
}

// onlyBranches reports whether v is used only as the condition of Ifs,
// directly or negated.
func onlyBranches(v ssa.Value, depth int) bool {
	refs := v.Referrers()
	if refs == nil || depth == 0 {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.If, *ssa.DebugRef:
		case *ssa.UnOp:
			if r.Op != token.NOT || !onlyBranches(r, depth-1) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// nextTest reports whether cond is a recorded call of the iterator
// method, or its negation.
func (f *flow) nextTest(cond ssa.Value) (ok, negated bool) {
	if not, isNot := cond.(*ssa.UnOp); isNot && not.Op == token.NOT {
		cond, negated = not.X, true
	}
	return f.nexts[cond], negated
}

// ownMethod reports whether common calls, on v, a method of an iterator
// type other than its release method: (*sql.Rows).Scan or Err neither
// release nor keep the rows, whatever the machinery of their package
// does with them (which inference would take for keeping).
func (f *flow) ownMethod(common *ssa.CallCommon, v ssa.Value) bool {
	if f.next == "" || f.depth > 0 || common.IsInvoke() {
		return false
	}
	callee := common.StaticCallee()
	if callee == nil || callee.Signature.Recv() == nil || callee.Name() == f.method || len(common.Args) == 0 || common.Args[0] != v {
		return false
	}
	return namedOf(callee.Signature.Recv().Type()) == namedOf(v.Type())
}
