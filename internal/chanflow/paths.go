package chanflow

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Flow describes a forward exploration of the paths of a function with a
// small, finite state per path. Both passes count or flag what happens to a
// channel between a start instruction and the exits of the function.
type Flow[S comparable] struct {
	// Instr returns the state after instr.
	Instr func(s S, instr ssa.Instruction) S
	// Edge returns the state on the edge from b to b.Succs[i]; nil keeps it.
	Edge func(s S, b *ssa.BasicBlock, i int) S
	// Exit sees the state at each Return or Panic reached.
	Exit func(s S, exit ssa.Instruction)
	// Prune reports states whose paths need not be followed further; nil
	// follows all.
	Prune func(s S) bool
}

// Run explores every path that starts just after start. The state set per
// block is finite, so loops are followed until no new state appears.
func (f Flow[S]) Run(start ssa.Instruction, s0 S) {
	f.run(start.Block(), indexOf(start)+1, s0)
}

// RunEntry explores every path of fn from its entry.
func (f Flow[S]) RunEntry(fn *ssa.Function, s0 S) {
	if len(fn.Blocks) > 0 {
		f.run(fn.Blocks[0], 0, s0)
	}
}

func (f Flow[S]) run(startBlock *ssa.BasicBlock, startIdx int, s0 S) {
	type item struct {
		b   *ssa.BasicBlock
		idx int
		s   S
	}
	// The states seen on entry to each block. A state is numbered once,
	// and a block and a state number make a small key: states can be
	// large (missingunlock's hold three strings), and a map of them per
	// block was most of what this walk allocated.
	ids := map[S]uint64{}
	seen := map[uint64]struct{}{}
	work := []item{{startBlock, startIdx, s0}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		s := it.s
		pruned := false
		for _, instr := range it.b.Instrs[it.idx:] {
			s = f.Instr(s, instr)
			if f.Prune != nil && f.Prune(s) {
				pruned = true
				break
			}
			switch instr := instr.(type) {
			case *ssa.Return:
				f.Exit(s, instr)
			case *ssa.Panic:
				if !unreachablePanic(instr) {
					f.Exit(s, instr)
				}
			}
		}
		if pruned {
			continue
		}
		for i, succ := range it.b.Succs {
			ns := s
			if f.Edge != nil {
				ns = f.Edge(s, it.b, i)
			}
			id, ok := ids[ns]
			if !ok {
				id = uint64(len(ids))
				ids[ns] = id
			}
			key := id<<32 | uint64(uint32(succ.Index))
			if _, ok := seen[key]; ok {
				continue
			}
			seen[key] = struct{}{}
			work = append(work, item{succ, 0, ns})
		}
	}
}

// Reaches reports whether some path runs b after a: later in the same
// block, or in a block a's successors lead to (a's own, round a loop).
func Reaches(a, b ssa.Instruction) bool {
	if blk := a.Block(); blk == b.Block() && slices.Index(blk.Instrs, a) < slices.Index(blk.Instrs, b) {
		return true
	}
	return ReachesBlock(b.Block(), nil, a.Block().Succs...)
}

// ReachesBlock reports whether a path of zero or more edges leads from
// one of the blocks from to the block to without passing through avoid
// (nil avoids nothing).
func ReachesBlock(to, avoid *ssa.BasicBlock, from ...*ssa.BasicBlock) bool {
	for _, b := range from {
		if b.Parent() != to.Parent() {
			return reachesAcross(to, avoid, from)
		}
	}
	// The blocks are one function's: mark them by index, which allocates
	// far less than a map (the lock passes ask this for every pair of
	// operations they compare).
	seen := make([]bool, len(to.Parent().Blocks))
	work := append([]*ssa.BasicBlock(nil), from...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if blk == to {
			return true
		}
		if blk.Index < 0 || blk.Index >= len(seen) || blk.Parent() != to.Parent() {
			return reachesAcross(to, avoid, from) // not numbered as expected
		}
		if blk == avoid || seen[blk.Index] {
			continue
		}
		seen[blk.Index] = true
		work = append(work, blk.Succs...)
	}
	return false
}

// reachesAcross is ReachesBlock's walk with its seen blocks in a map, for
// blocks that are not all numbered within to's function.
func reachesAcross(to, avoid *ssa.BasicBlock, from []*ssa.BasicBlock) bool {
	seen := map[*ssa.BasicBlock]bool{avoid: true}
	work := append([]*ssa.BasicBlock(nil), from...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if blk == to {
			return true
		}
		if seen[blk] {
			continue
		}
		seen[blk] = true
		work = append(work, blk.Succs...)
	}
	return false
}

func indexOf(instr ssa.Instruction) int {
	for i, in := range instr.Block().Instrs {
		if in == instr {
			return i
		}
	}
	panic("chanflow: instruction not found in its own block")
}

// Loops maps each block of fn that lies on a cycle of its CFG to the
// strongly connected component (a loop, with its nested loops) it belongs
// to, so that what such a block does may happen any number of times.
// Tarjan's algorithm keeps it linear for huge generated functions.
func Loops(fn *ssa.Function) map[*ssa.BasicBlock]int {
	n := len(fn.Blocks)
	index := make([]int, n)
	low := make([]int, n)
	onStack := make([]bool, n)
	for i := range index {
		index[i] = -1
	}
	var stack []int
	next := 0
	cyclic := map[*ssa.BasicBlock]int{}
	var strong func(v int)
	strong = func(v int) {
		index[v], low[v] = next, next
		next++
		stack = append(stack, v)
		onStack[v] = true
		for _, s := range fn.Blocks[v].Succs {
			w := s.Index
			if index[w] < 0 {
				strong(w)
				low[v] = min(low[v], low[w])
			} else if onStack[w] {
				low[v] = min(low[v], index[w])
			}
		}
		if low[v] != index[v] {
			return
		}
		// The component is the top of the stack down to v.
		top := len(stack) - 1
		for stack[top] != v {
			top--
		}
		comp := stack[top:]
		stack = stack[:top]
		for _, w := range comp {
			onStack[w] = false
		}
		selfLoop := false
		for _, s := range fn.Blocks[v].Succs {
			selfLoop = selfLoop || s.Index == v
		}
		if len(comp) > 1 || selfLoop {
			for _, w := range comp {
				cyclic[fn.Blocks[w]] = v
			}
		}
	}
	for v := range fn.Blocks {
		if index[v] < 0 {
			strong(v)
		}
	}
	return cyclic
}

// SelectCaseEdge reports, for the edge from b to b.Succs[i], which case of
// which select statement the edge is taken for: SSA lowers a select to an
// index followed by `if index == k` tests. It returns nil, -1 otherwise.
func SelectCaseEdge(b *ssa.BasicBlock, i int) (*ssa.Select, int) {
	if i != 0 || len(b.Instrs) == 0 {
		return nil, -1
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return nil, -1
	}
	cmp, ok := ifInstr.Cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.EQL {
		return nil, -1
	}
	ext, ok := cmp.X.(*ssa.Extract)
	if !ok || ext.Index != 0 {
		return nil, -1
	}
	sel, ok := ext.Tuple.(*ssa.Select)
	if !ok {
		return nil, -1
	}
	k, ok := cmp.Y.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return nil, -1
	}
	idx, exact := constant.Int64Val(k.Value)
	if !exact {
		return nil, -1
	}
	return sel, int(idx)
}

// ClosedEdge reports whether the edge from b to b.Succs[i] is taken when a
// comma-ok receive from one of chans reported the channel closed: the exit
// of a range loop, or `if !ok` after `v, ok := <-ch`.
func ClosedEdge(b *ssa.BasicBlock, i int, isChan func(ssa.Value) bool) bool {
	if len(b.Instrs) == 0 {
		return false
	}
	if flagClosed(b, i, isChan) {
		return true
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return false
	}
	cond, wantFalse := ifInstr.Cond, true
	if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
		cond, wantFalse = not.X, false
	}
	ext, ok := cond.(*ssa.Extract)
	if !ok {
		return false
	}
	switch t := ext.Tuple.(type) {
	case *ssa.UnOp:
		if ext.Index != 1 || t.Op != token.ARROW || !t.CommaOk || !isChan(t.X) {
			return false
		}
	case *ssa.Select:
		// recvOk of a select: the case that set it is the one receiving
		// from the channel when the select has no other receive case.
		if ext.Index != 1 {
			return false
		}
		found := false
		for _, st := range t.States {
			if isChan(st.Chan) {
				found = true
			}
		}
		if !found {
			return false
		}
	default:
		return false
	}
	return (i == 1) == wantFalse
}

// unreachablePanic reports the panic SSA adds after a select without a
// default, for the case index no case has: no path reaches it.
func unreachablePanic(p *ssa.Panic) bool {
	mi, ok := p.X.(*ssa.MakeInterface)
	if !ok {
		return false
	}
	k, ok := mi.X.(*ssa.Const)
	return ok && k.Value != nil && k.Value.Kind() == constant.String &&
		strings.HasPrefix(constant.StringVal(k.Value), "blocking select matched no case")
}

// NonNilEdge reads b's final `if x != nil` (or `if x == nil`, either
// operand order): it returns x, and whether the edge from b to b.Succs[i]
// is the one taken when x is not nil. ok is false when b does not end in
// such a comparison.
func NonNilEdge(b *ssa.BasicBlock, i int) (x ssa.Value, whenNonNil, ok bool) {
	if len(b.Instrs) == 0 {
		return nil, false, false
	}
	ifInstr, isIf := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !isIf {
		return nil, false, false
	}
	cmp, isCmp := ifInstr.Cond.(*ssa.BinOp)
	if !isCmp || (cmp.Op != token.NEQ && cmp.Op != token.EQL) {
		return nil, false, false
	}
	x, y := cmp.X, cmp.Y
	if _, isConst := x.(*ssa.Const); isConst {
		x, y = y, x
	}
	if k, isConst := y.(*ssa.Const); !isConst || !k.IsNil() {
		return nil, false, false
	}
	// x != nil: the true edge (0) is the non-nil one; x == nil: the false edge.
	return x, (i == 0) == (cmp.Op == token.NEQ), true
}

// flagClosed reports whether the edge from b to b.Succs[i] is taken only
// once a bool flag that is set only when a comma-ok receive from one of
// chans reported it closed (`stopped = !ok`) held: the loop that waits
// for two channels to close, `for { if aDone && bDone { return }; select
// { case _, ok := <-a: aDone = !ok ... } }`. The flag is tested on the
// edge itself or on a dominating edge that leads only to b.
func flagClosed(b *ssa.BasicBlock, i int, isChan func(ssa.Value) bool) bool {
	return FlagEdge(b, i, func(v ssa.Value, _ *ssa.BasicBlock) bool {
		not, ok := v.(*ssa.UnOp)
		return ok && not.Op == token.NOT && notOk(not, isChan)
	})
}

// ReceivedEdge reports whether the edge from b to b.Succs[i] is taken
// only once a bool flag held that is set (to true) only after a receive
// from one of chans: `case v := <-ch: got = true`.
func ReceivedEdge(b *ssa.BasicBlock, i int, isChan func(ssa.Value) bool) bool {
	return FlagEdge(b, i, func(v ssa.Value, pred *ssa.BasicBlock) bool {
		k, ok := v.(*ssa.Const)
		if !ok || k.Value == nil || k.Value.Kind() != constant.Bool || !constant.BoolVal(k.Value) {
			return false
		}
		return receivedBefore(pred, isChan)
	})
}

// receivedBefore reports whether every path into the end of block b has
// received from one of chans: b or a block dominating it receives, or is
// entered by a select case receiving from one.
func receivedBefore(b *ssa.BasicBlock, isChan func(ssa.Value) bool) bool {
	for d := b; d != nil; d = d.Idom() {
		for _, instr := range d.Instrs {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && isChan(u.X) {
				return true
			}
		}
		if len(d.Preds) != 1 {
			continue
		}
		p := d.Preds[0]
		for k, s := range p.Succs {
			if s != d {
				continue
			}
			if sel, c := SelectCaseEdge(p, k); sel != nil && c >= 0 && c < len(sel.States) &&
				sel.States[c].Dir == types.RecvOnly && isChan(sel.States[c].Chan) {
				return true
			}
		}
	}
	return false
}

// FlagEdge reports whether the edge from b to b.Succs[i] is taken only
// once a bool flag held whose every value but false is one that set
// accepts (set is given the value and the block it flows in from). The
// flag is tested on the edge itself or on a dominating edge that leads
// only towards b.
func FlagEdge(b *ssa.BasicBlock, i int, set func(v ssa.Value, pred *ssa.BasicBlock) bool) bool {
	to := b.Succs[i]
	for d, succ := b, i; d != nil; {
		if ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If); ok {
			if t := d.Succs[succ]; t == to || t.Dominates(b) {
				found := false
				if flagSet(ifi.Cond, succ == 0, set, map[ssa.Value]bool{}, &found) && found {
					return true
				}
			}
		}
		p := d.Idom()
		if p == nil {
			return false
		}
		succ = -1
		for k, s := range p.Succs {
			if s.Dominates(d) && len(s.Preds) == 1 {
				succ = k
			}
		}
		if succ < 0 {
			return false
		}
		d = p
	}
	return false
}

// flagSet reports whether v holding want means the flag was set: v is a
// phi whose every incoming value is false, a phi of the same kind, or a
// value set accepts; found records that some value is one set accepts (a
// flag that is only ever false is never set).
func flagSet(v ssa.Value, want bool, set func(ssa.Value, *ssa.BasicBlock) bool, seen map[ssa.Value]bool, found *bool) bool {
	if not, ok := v.(*ssa.UnOp); ok && not.Op == token.NOT {
		return flagSet(not.X, !want, set, seen, found)
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || !want {
		return false
	}
	if seen[phi] {
		return true
	}
	seen[phi] = true
	for k, e := range phi.Edges {
		if k >= len(phi.Block().Preds) {
			return false
		}
		if set(e, phi.Block().Preds[k]) {
			*found = true
			continue
		}
		switch e := e.(type) {
		case *ssa.Const:
			if e.Value == nil || e.Value.Kind() != constant.Bool || constant.BoolVal(e.Value) {
				return false
			}
		case *ssa.Phi:
			if !flagSet(e, true, set, seen, found) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// notOk reports whether not is !ok of a comma-ok receive from one of
// chans: a plain receive, or a select's recvOk in the body of the case
// receiving from it.
func notOk(not *ssa.UnOp, isChan func(ssa.Value) bool) bool {
	ext, ok := not.X.(*ssa.Extract)
	if !ok || ext.Index != 1 {
		return false
	}
	switch t := ext.Tuple.(type) {
	case *ssa.UnOp:
		return t.Op == token.ARROW && t.CommaOk && isChan(t.X)
	case *ssa.Select:
		for d := not.Block(); d != nil; d = d.Idom() {
			for _, p := range d.Preds {
				for k, s := range p.Succs {
					if s != d || len(d.Preds) != 1 {
						continue
					}
					if sel, c := SelectCaseEdge(p, k); sel == t && c >= 0 && c < len(t.States) {
						return t.States[c].Dir == types.RecvOnly && isChan(t.States[c].Chan)
					}
				}
			}
		}
	}
	return false
}
