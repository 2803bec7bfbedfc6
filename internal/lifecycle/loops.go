package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// pilingDefer returns a deferred release of the resource acquired by
// call that piles up: it is deferred inside a loop that also acquires,
// the loop's number of iterations is unbounded, and some iteration goes
// on to the next without otherwise releasing the resource (calling it,
// handing it over) or its context being done. A table-driven loop, a
// loop over a slice of addresses or a counted loop runs a number of
// times its input bounds, so what it defers is released when the
// function returns, soon enough. (This holds for kinds with
// DoneContext; for the others every release deferred in a loop piles up.)
//
// callPath is the syntax enclosing call, innermost first.
func (f *flow) pilingDefer(call *ssa.Call, callPath []ast.Node) *ssa.Defer {
	for _, d := range f.defers {
		if d.Parent() != f.fn {
			continue
		}
		// The body of a range-over-func loop is a function of its own,
		// whose defers go onto the enclosing function's stack.
		rangeFunc := d.DeferStack != nil
		if !rangeFunc && !(reaches(call.Block().Succs, d.Block()) && reaches(d.Block().Succs, call.Block())) {
			continue
		}
		if !f.e.kind.DoneContext {
			// Other kinds keep reporting every release deferred in a
			// loop (for its owner to decide).
			if !rangeFunc {
				return d
			}
			continue
		}
		if !f.e.unboundedLoopAround(callPath, d.Pos()) {
			continue
		}
		if f.reachesAgain(d, call, rangeFunc) {
			return d
		}
	}
	return nil
}

// reachesAgain reports whether a path from d comes back to the
// acquisition call (or, in the body of a range-over-func loop, leaves it
// for the next iteration) with the resource neither released otherwise
// nor done.
func (f *flow) reachesAgain(d *ssa.Defer, call *ssa.Call, rangeFunc bool) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	var walk func(b *ssa.BasicBlock, from int) bool
	walk = func(b *ssa.BasicBlock, from int) bool {
		for _, instr := range b.Instrs[from:] {
			if instr == call {
				return true
			}
			if _, isDefer := instr.(*ssa.Defer); f.handled[instr] && !isDefer || f.done[instr] || endsPath(instr) {
				return false
			}
			if _, ok := instr.(*ssa.Return); ok {
				return rangeFunc
			}
		}
		for _, succ := range b.Succs {
			if seen[succ] || f.doneEdges[[2]*ssa.BasicBlock{b, succ}] {
				continue
			}
			seen[succ] = true
			if walk(succ, 0) {
				return true
			}
		}
		return false
	}
	return walk(d.Block(), indexIn(d)+1)
}

// unboundedLoopAround reports whether some loop statement that encloses
// both the acquisition (whose enclosing syntax is callPath) and the
// position at, within the same function, may run an unbounded number of
// times. With no syntax to go by, the count is unknown: not unbounded.
func (e *Engine) unboundedLoopAround(callPath []ast.Node, at token.Pos) bool {
	for _, n := range callPath {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			if n.Pos() <= at && at < n.End() && e.unbounded(n) {
				return true
			}
		}
	}
	return false
}

// unbounded reports whether loop, a for or range statement, may run an
// unbounded number of times: for {}, a condition that does not test a
// counter the loop steps, a range over a channel or an iterator
// function, or a benchmark's b.N or b.Loop().
func (e *Engine) unbounded(loop ast.Node) bool {
	info := e.pass.TypesInfo
	switch loop := loop.(type) {
	case *ast.RangeStmt:
		t := info.TypeOf(loop.X)
		if t == nil {
			return false
		}
		switch u := t.Underlying().(type) {
		case *types.Chan, *types.Signature:
			return true
		case *types.Basic:
			return u.Info()&types.IsInteger != 0 && mentionsBenchN(info, loop.X)
		}
		return false
	case *ast.ForStmt:
		if loop.Cond == nil {
			return true
		}
		return !counted(info, loop, loop.Cond)
	}
	return false
}

// counted reports whether cond bounds loop by a counter: it compares an
// integer variable that the loop steps (++, --, += or -= in its post
// statement or body) with a bound other than b.N, or is a conjunction
// with such a comparison.
func counted(info *types.Info, loop *ast.ForStmt, cond ast.Expr) bool {
	bin, ok := ast.Unparen(cond).(*ast.BinaryExpr)
	if !ok {
		return false
	}
	switch bin.Op {
	case token.LAND:
		return counted(info, loop, bin.X) || counted(info, loop, bin.Y)
	case token.LSS, token.LEQ, token.GTR, token.GEQ, token.NEQ:
	default:
		return false
	}
	for _, side := range [2][2]ast.Expr{{bin.X, bin.Y}, {bin.Y, bin.X}} {
		id, ok := ast.Unparen(side[0]).(*ast.Ident)
		if !ok {
			continue
		}
		v, ok := info.Uses[id].(*types.Var)
		if !ok {
			continue
		}
		if b, ok := v.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
			continue
		}
		if steps(info, loop, v) && !mentionsBenchN(info, side[1]) {
			return true
		}
	}
	return false
}

// steps reports whether loop's post statement or body steps v by ++,
// --, += or -=.
func steps(info *types.Info, loop *ast.ForStmt, v *types.Var) bool {
	is := func(x ast.Expr) bool {
		id, ok := ast.Unparen(x).(*ast.Ident)
		return ok && info.Uses[id] == v
	}
	found := false
	check := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.AssignStmt:
			if (n.Tok == token.ADD_ASSIGN || n.Tok == token.SUB_ASSIGN) && len(n.Lhs) == 1 {
				found = found || is(n.Lhs[0])
			}
		}
		return !found
	}
	if loop.Post != nil {
		ast.Inspect(loop.Post, check)
	}
	if !found {
		ast.Inspect(loop.Body, check)
	}
	return found
}

// mentionsBenchN reports whether x reads the N field of a testing.B.
func mentionsBenchN(info *types.Info, x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != "N" {
			return !found
		}
		if t := info.TypeOf(sel.X); t != nil {
			if n := namedOf(t); n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "testing" && n.Obj().Name() == "B" {
				found = true
			}
		}
		return !found
	})
	return found
}
