package lifecycle

import (
	"go/constant"
	"go/token"
	"go/types"

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

// constOnEdge returns v's constant value when control enters b from pred,
// or nil. It folds constants, the phis of b (through the operand on that
// edge), + and - of foldable operands, and len of a slice made with a
// constant length: enough to see that `for i := range make([]T, 4)` or
// `for i := 0; i < 3; i++` runs its first iteration.
func constOnEdge(v ssa.Value, b, pred *ssa.BasicBlock) constant.Value {
	return foldOnEdge(v, b, pred, 4)
}

func foldOnEdge(v ssa.Value, b, pred *ssa.BasicBlock, depth int) constant.Value {
	if depth == 0 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil {
			return v.Value
		}
	case *ssa.Phi:
		if v.Block() != b || pred == nil {
			return nil
		}
		for i, p := range b.Preds {
			if p == pred && i < len(v.Edges) {
				return foldOnEdge(v.Edges[i], b, pred, depth-1)
			}
		}
	case *ssa.BinOp:
		if v.Op != token.ADD && v.Op != token.SUB {
			return nil
		}
		x, y := foldOnEdge(v.X, b, pred, depth-1), foldOnEdge(v.Y, b, pred, depth-1)
		if x == nil || y == nil || x.Kind() != constant.Int || y.Kind() != constant.Int {
			return nil
		}
		return constant.BinaryOp(x, v.Op, y)
	case *ssa.Call:
		if fn, ok := v.Call.Value.(*ssa.Builtin); ok && fn.Name() == "len" && len(v.Call.Args) == 1 {
			switch arg := v.Call.Args[0].(type) {
			case *ssa.MakeSlice:
				return foldOnEdge(arg.Len, b, pred, depth-1)
			case *ssa.Slice:
				return sliceLen(arg)
			case *ssa.UnOp:
				// A captured slice variable, assigned once.
				if alloc, ok := arg.X.(*ssa.Alloc); ok && arg.Op == token.MUL {
					if s, ok := storedOnce(alloc).(*ssa.Slice); ok && precedes(s, arg) {
						return sliceLen(s)
					}
				}
			}
		}
	}
	return nil
}

// sliceLen is the length of a[:] or a[:n] for an array pointer a and a
// constant n: make([]T, n) with a small constant n is built that way.
func sliceLen(s *ssa.Slice) constant.Value {
	if s.Low != nil {
		return nil
	}
	if s.High != nil {
		if c, ok := s.High.(*ssa.Const); ok && c.Value != nil {
			return c.Value
		}
		return nil
	}
	if ptr, ok := s.X.Type().Underlying().(*types.Pointer); ok {
		if arr, ok := ptr.Elem().Underlying().(*types.Array); ok {
			return constant.MakeInt64(arr.Len())
		}
	}
	return nil
}

// precedes reports whether a runs before b on every path to b.
func precedes(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	return indexIn(a) < indexIn(b)
}

// storedOnce returns the only value ever stored in the variable alloc,
// by its function or by the closures that capture it, or nil.
func storedOnce(alloc *ssa.Alloc) ssa.Value {
	var stored ssa.Value
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr != alloc || stored != nil {
				return nil
			}
			stored = r.Val
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return nil
			}
		case *ssa.MakeClosure:
			anon, ok := r.Fn.(*ssa.Function)
			if !ok {
				return nil
			}
			for i, b := range r.Bindings {
				if b != alloc {
					continue
				}
				for _, fr := range *anon.FreeVars[i].Referrers() {
					if load, ok := fr.(*ssa.UnOp); !ok || load.Op != token.MUL {
						return nil
					}
				}
			}
		case *ssa.DebugRef:
		default:
			return nil // the address escapes
		}
	}
	return stored
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
