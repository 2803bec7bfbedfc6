package lifecycle

import (
	"go/constant"
	"go/token"

	"golang.org/x/tools/go/ssa"
)

// leakPath searches for a path from acq to a function exit on which the
// resource is neither released nor handed over. It returns the exit
// reached, or acq itself when the path comes back to the acquisition
// (a loop that acquires again before releasing), or nil.
func (f *flow) leakPath(acq ssa.Instruction) ssa.Instruction {
	start := acq.Block()
	idx := -1
	for i, instr := range start.Instrs {
		if instr == acq {
			idx = i
			break
		}
	}
	if idx < 0 {
		panic("lifecycle: acquisition not found in its own block")
	}
	// A block is visited once per predecessor: conditions folded on the
	// edge (see feasibleSuccs) may differ between its entries.
	type edge struct{ from, to *ssa.BasicBlock }
	visited := make(map[edge]bool)
	var walk func(b, pred *ssa.BasicBlock, from int) ssa.Instruction
	walk = func(b, pred *ssa.BasicBlock, from int) ssa.Instruction {
		for _, instr := range b.Instrs[from:] {
			if f.handled[instr] {
				return nil
			}
			switch instr := instr.(type) {
			case *ssa.Return:
				return instr
			case *ssa.Panic:
				return nil
			}
			if instr == acq {
				return acq
			}
		}
		for _, succ := range f.feasibleSuccs(b, pred) {
			if visited[edge{b, succ}] {
				continue
			}
			visited[edge{b, succ}] = true
			if exit := walk(succ, b, 0); exit != nil {
				return exit
			}
		}
		return nil
	}
	return walk(start, nil, idx+1)
}

// feasibleSuccs drops the branch on which the resource is known to be nil
// or the acquisition to have failed, where there is nothing to release,
// and the branch that a condition made of constants on the edge from pred
// rules out, such as leaving `for range 4` before its first iteration.
func (f *flow) feasibleSuccs(b, pred *ssa.BasicBlock) []*ssa.BasicBlock {
	if len(b.Succs) != 2 || len(b.Instrs) == 0 {
		return b.Succs
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return b.Succs
	}
	cmp, ok := ifInstr.Cond.(*ssa.BinOp)
	if !ok {
		return b.Succs
	}
	if x, y := constOnEdge(cmp.X, b, pred), constOnEdge(cmp.Y, b, pred); x != nil && y != nil {
		switch cmp.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ:
			if x.Kind() != constant.Unknown && y.Kind() != constant.Unknown && x.Kind() == y.Kind() {
				if constant.Compare(x, cmp.Op, y) {
					return b.Succs[:1]
				}
				return b.Succs[1:]
			}
		}
	}
	if cmp.Op != token.EQL && cmp.Op != token.NEQ {
		return b.Succs
	}
	x, y := cmp.X, cmp.Y
	if isNil(x) {
		x, y = y, x
	}
	if !isNil(y) {
		return b.Succs
	}
	// emptyIfTrue: the branch taken when the comparison holds has nothing
	// to release.
	var emptyIfTrue bool
	switch {
	case f.aliases[x]:
		emptyIfTrue = cmp.Op == token.EQL // v == nil
	case f.errs[x]:
		emptyIfTrue = cmp.Op == token.NEQ // err != nil
	default:
		return b.Succs
	}
	if emptyIfTrue {
		return b.Succs[1:]
	}
	return b.Succs[:1]
}

// constOnEdge returns v's constant value when control enters b from pred:
// v is a constant, or a phi of b whose operand on that edge is one.
func constOnEdge(v ssa.Value, b, pred *ssa.BasicBlock) constant.Value {
	if phi, ok := v.(*ssa.Phi); ok && phi.Block() == b && pred != nil {
		for i, p := range b.Preds {
			if p == pred && i < len(phi.Edges) {
				v = phi.Edges[i]
				break
			}
		}
	}
	if c, ok := v.(*ssa.Const); ok && c.Value != nil {
		return c.Value
	}
	return nil
}

// inLoop reports whether b can reach itself.
func inLoop(b *ssa.BasicBlock) bool {
	return reaches(b.Succs, b)
}

func reaches(from []*ssa.BasicBlock, target *ssa.BasicBlock) bool {
	seen := make(map[*ssa.BasicBlock]bool)
	stack := append([]*ssa.BasicBlock(nil), from...)
	for len(stack) > 0 {
		b := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if b == target {
			return true
		}
		if seen[b] {
			continue
		}
		seen[b] = true
		stack = append(stack, b.Succs...)
	}
	return false
}

// exitPos is where a return is written; implicit returns at the end of a
// body have no position of their own, so they get the closing brace.
func exitPos(fn *ssa.Function, instr ssa.Instruction) token.Pos {
	if p := instr.Pos(); p.IsValid() {
		return p
	}
	type braced interface{ End() token.Pos }
	if syn, ok := fn.Syntax().(braced); ok && syn != nil {
		return syn.End() - 1
	}
	return fn.Pos()
}
