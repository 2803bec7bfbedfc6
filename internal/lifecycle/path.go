package lifecycle

import (
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// leakPath searches for a path from acq to a function exit on which the
// resource is neither released nor handed over. It returns the exit
// reached, or acq itself when the path comes back to the acquisition
// (a loop that acquires again before releasing), or nil.
//
// Along the path it follows the values of the counters of loops that a
// constant bounds (see counters), so that a release under `if i == 500`
// inside `for i := range 1000` is seen to happen: no path leaves that
// loop without passing iteration 500. When that costs too much, it
// searches again without them, as if every such branch could go either
// way.
//
// armed is set when a deferred closure that reads the resource from a
// variable (see flow.lateDefers) was deferred before acq: exits are then
// safe until the variable is overwritten.
func (f *flow) leakPath(acq ssa.Instruction, armed bool) ssa.Instruction {
	if ctr := f.e.counters(f.fn); len(ctr.index) > 0 {
		if exit, ok := f.search(acq.Block(), indexIn(acq)+1, acq, armed, ctr, maxCounterSteps); ok {
			return exit
		}
	}
	exit, _ := f.search(acq.Block(), indexIn(acq)+1, acq, armed, nil, -1)
	return exit
}

// escapesUnhandled reports whether some path through f's function, from
// its entry, returns without releasing or handing over the resource: a
// closure that cancels only under a condition.
func (f *flow) escapesUnhandled() bool {
	if len(f.fn.Blocks) == 0 {
		return false
	}
	// A call of a function value captured from the enclosing function
	// (the closure itself, when it recurses) may release the resource
	// too: such a path is not known to escape.
	for _, b := range f.fn.Blocks {
		for _, instr := range b.Instrs {
			if call, ok := instr.(ssa.CallInstruction); ok && callsCaptured(call.Common()) {
				f.handled[instr] = true
			}
		}
	}
	var exit ssa.Instruction
	ok := false
	if ctr := f.e.counters(f.fn); len(ctr.index) > 0 {
		exit, ok = f.search(f.fn.Blocks[0], 0, nil, false, ctr, maxCounterSteps)
	}
	if !ok {
		exit, _ = f.search(f.fn.Blocks[0], 0, nil, false, nil, -1)
	}
	return exit != nil
}

// callsCaptured reports whether call calls a function value held in a
// free variable.
func callsCaptured(call *ssa.CallCommon) bool {
	v := call.Value
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	_, ok := v.(*ssa.FreeVar)
	return ok && !call.IsInvoke()
}

// maxCounterSteps bounds the blocks one search that follows loop
// counters may visit: a thousand iterations of a loop of some ten blocks.
const maxCounterSteps = 1 << 14

// search looks for a leaking path from instruction idx of start, with
// counters followed (ctr non-nil) within budget steps; ok is false when
// the budget ran out. acq, if not nil, is the acquisition, reaching which
// again ends the path.
func (f *flow) search(start *ssa.BasicBlock, idx int, acq ssa.Instruction, armed bool, ctr *counters, budget int) (exit ssa.Instruction, ok bool) {
	if idx <= 0 && acq != nil {
		panic("lifecycle: acquisition not found in its own block")
	}
	// A block is visited once per predecessor, counter values and
	// arming: conditions folded on the edge (see feasibleSuccs) may
	// differ between its entries.
	type state struct {
		from, to *ssa.BasicBlock
		env      string
		armed    bool
	}
	visited := make(map[state]bool)
	exhausted := false
	var walk func(b, pred *ssa.BasicBlock, from int, env env, armed bool) ssa.Instruction
	walk = func(b, pred *ssa.BasicBlock, from int, env env, armed bool) ssa.Instruction {
		for _, instr := range b.Instrs[from:] {
			if f.lateDefers[instr] && f.handled[instr] {
				armed = true
				continue
			}
			if f.handled[instr] || f.done[instr] || f.e.kind.DoneContext && endsPath(instr) {
				return nil
			}
			switch instr := instr.(type) {
			case *ssa.Return:
				if armed {
					return nil
				}
				return instr
			case *ssa.Panic:
				return nil
			case *ssa.Call:
				if noReturn(&instr.Call) {
					return nil
				}
			case *ssa.Store:
				if armed {
					if a, ok := instr.Addr.(*ssa.Alloc); ok && f.vars[a] && !f.aliases[instr.Val] {
						armed = false // overwritten: the deferred closure releases another
					}
				}
			}
			if acq != nil && instr == acq {
				return acq
			}
		}
		for _, succ := range f.feasibleSuccs(b, pred, ctr, env) {
			if f.doneEdges[[2]*ssa.BasicBlock{b, succ}] {
				continue
			}
			next := ctr.enter(succ, b, env)
			st := state{b, succ, next.key(), armed}
			if visited[st] {
				continue
			}
			visited[st] = true
			if budget >= 0 {
				if budget == 0 {
					exhausted = true
					return nil
				}
				budget--
			}
			if exit := walk(succ, b, 0, next, armed); exit != nil || exhausted {
				return exit
			}
		}
		return nil
	}
	exit = walk(start, nil, idx, nil, armed)
	if exhausted {
		return nil, false
	}
	return exit, true
}

// feasibleSuccs drops the branch on which the resource is known to be nil
// or the acquisition to have failed, where there is nothing to release,
// and the branch that a condition made of constants (and of the loop
// counters in env) on the edge from pred rules out, such as leaving `for
// range 4` before its first iteration.
func (f *flow) feasibleSuccs(b, pred *ssa.BasicBlock, ctr *counters, env env) []*ssa.BasicBlock {
	if len(b.Succs) != 2 || len(b.Instrs) == 0 {
		return b.Succs
	}
	ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return b.Succs
	}
	if ok, negated := f.nextTest(ifInstr.Cond); ok {
		// The iterator released the value where its method returned
		// false; it is open where it returned true.
		if negated {
			return b.Succs[1:]
		}
		return b.Succs[:1]
	}
	if ok, negated := f.errorTest(ifInstr.Cond); ok {
		// errors.Is(err, sentinel) and errors.As(err, &target) hold only
		// for a non-nil err: the acquisition failed.
		if negated {
			return b.Succs[:1]
		}
		return b.Succs[1:]
	}
	cmp, ok := ifInstr.Cond.(*ssa.BinOp)
	if !ok {
		return b.Succs
	}
	if x, y := foldOnEdge(cmp.X, b, pred, ctr, env, 4), foldOnEdge(cmp.Y, b, pred, ctr, env, 4); x != nil && y != nil {
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
		if f.errs[y] {
			x, y = y, x
		}
		if f.errs[x] && isSentinel(y) {
			// err == io.EOF holds only for a non-nil err: the
			// acquisition failed there.
			if cmp.Op == token.EQL {
				return b.Succs[1:]
			}
			return b.Succs[:1]
		}
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

// errorTest reports whether cond is errors.Is(err, sentinel),
// errors.As(err, target) or os.IsNotExist(err) (and its siblings), or
// their negation, on an error result of the acquisition.
func (f *flow) errorTest(cond ssa.Value) (ok, negated bool) {
	if not, isNot := cond.(*ssa.UnOp); isNot && not.Op == token.NOT {
		cond, negated = not.X, true
	}
	call, isCall := cond.(*ssa.Call)
	if !isCall || len(call.Call.Args) == 0 || !f.errs[call.Call.Args[0]] {
		return false, false
	}
	callee := call.Call.StaticCallee()
	if callee == nil || callee.Pkg == nil {
		return false, false
	}
	if callee.Pkg.Pkg.Path() == "os" && len(call.Call.Args) == 1 {
		// os.IsNotExist(nil) and its siblings are false.
		switch callee.Name() {
		case "IsNotExist", "IsExist", "IsPermission", "IsTimeout":
			return true, negated
		}
		return false, false
	}
	if callee.Pkg.Pkg.Path() != "errors" || len(call.Call.Args) != 2 {
		return false, false
	}
	switch callee.Name() {
	case "Is":
		// errors.Is(nil, nil) holds.
		if isNil(call.Call.Args[1]) {
			return false, false
		}
		return true, negated
	case "As":
		return true, negated
	}
	return false, false
}

// counters are the loop counters of a function that a path search
// follows: phis whose every incoming value is a constant or the phi
// itself plus or minus a constant, and that a loop exit compares with a
// constant, so that their values stay few.
type counters struct {
	index map[*ssa.Phi]int
	// exits lists, for each edge that leaves a loop through its exit
	// test, the counters that test bounds: past it, their values no
	// longer tell paths apart, and forgetting them keeps env small.
	exits map[[2]*ssa.BasicBlock][]int
}

// env holds the known counter values on a path, by counter index, sorted.
type env []binding

type binding struct {
	i int
	v constant.Value
}

func (e env) get(i int) constant.Value {
	for _, b := range e {
		if b.i == i {
			return b.v
		}
	}
	return nil
}

// with returns e with counter i set to v (forgotten if v is nil).
func (e env) with(i int, v constant.Value) env {
	out := make(env, 0, len(e)+1)
	for _, b := range e {
		if b.i != i {
			out = append(out, b)
		}
	}
	if v != nil {
		out = append(out, binding{i, v})
		slices.SortFunc(out, func(a, b binding) int { return a.i - b.i })
	}
	return out
}

func (e env) key() string {
	if len(e) == 0 {
		return ""
	}
	var sb strings.Builder
	for _, b := range e {
		sb.WriteString(strconv.Itoa(b.i))
		sb.WriteByte('=')
		sb.WriteString(b.v.ExactString())
		sb.WriteByte(',')
	}
	return sb.String()
}

// enter returns the counter values on entry to b from pred: the counters
// that pred's exit test bounds are forgotten, and b's counters take their
// incoming values, computed from the values before the edge.
func (c *counters) enter(b, pred *ssa.BasicBlock, before env) env {
	if c == nil {
		return nil
	}
	after := before
	for _, i := range c.exits[[2]*ssa.BasicBlock{pred, b}] {
		after = after.with(i, nil)
	}
	for _, instr := range b.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		i, ok := c.index[phi]
		if !ok {
			continue
		}
		var v constant.Value
		for j, p := range b.Preds {
			if p == pred && j < len(phi.Edges) {
				v = foldOnEdge(phi.Edges[j], nil, nil, c, before, 4)
			}
		}
		after = after.with(i, v)
	}
	return after
}

// counters finds fn's loop counters, once.
func (e *Engine) counters(fn *ssa.Function) *counters {
	if c, ok := e.ctrs[fn]; ok {
		return c
	}
	c := &counters{index: make(map[*ssa.Phi]int), exits: make(map[[2]*ssa.BasicBlock][]int)}
	if e.ctrs == nil {
		e.ctrs = make(map[*ssa.Function]*counters)
	}
	e.ctrs[fn] = c
	for _, b := range fn.Blocks {
		if len(b.Succs) != 2 || len(b.Instrs) == 0 {
			continue
		}
		ifInstr, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifInstr.Cond.(*ssa.BinOp)
		if !ok {
			continue
		}
		// A loop exit: one branch never comes back.
		back0, back1 := reaches(b.Succs[:1], b), reaches(b.Succs[1:], b)
		if back0 == back1 {
			continue
		}
		out := b.Succs[0]
		if back0 {
			out = b.Succs[1]
		}
		for _, side := range [][2]ssa.Value{{cmp.X, cmp.Y}, {cmp.Y, cmp.X}} {
			phi := counterIn(side[0])
			if phi == nil || foldOnEdge(side[1], nil, nil, nil, nil, 4) == nil || !isCounter(phi) {
				continue
			}
			i, ok := c.index[phi]
			if !ok {
				i = len(c.index)
				c.index[phi] = i
			}
			edge := [2]*ssa.BasicBlock{b, out}
			c.exits[edge] = append(c.exits[edge], i)
		}
	}
	return c
}

// counterIn returns p for p, p+k, k+p and p-k, where k is a constant.
func counterIn(v ssa.Value) *ssa.Phi {
	switch v := v.(type) {
	case *ssa.Phi:
		return v
	case *ssa.BinOp:
		if _, ok := v.Y.(*ssa.Const); ok && (v.Op == token.ADD || v.Op == token.SUB) {
			p, _ := v.X.(*ssa.Phi)
			return p
		}
		if _, ok := v.X.(*ssa.Const); ok && v.Op == token.ADD {
			p, _ := v.Y.(*ssa.Phi)
			return p
		}
	}
	return nil
}

// isCounter reports whether every incoming value of phi is an integer
// constant or phi plus or minus a constant.
func isCounter(phi *ssa.Phi) bool {
	if b, ok := phi.Type().Underlying().(*types.Basic); !ok || b.Info()&types.IsInteger == 0 {
		return false
	}
	for _, v := range phi.Edges {
		if c, ok := v.(*ssa.Const); ok && c.Value != nil {
			continue
		}
		if counterIn(v) != phi {
			return false
		}
	}
	return true
}

// foldOnEdge returns v's constant value when control enters b from pred,
// or nil. It folds constants, the counters in env, the phis of b (through
// the operand on that edge), + and - of foldable operands, and len of a
// slice made with a constant length: enough to see that `for i := range
// make([]T, 4)` or `for i := 0; i < 3; i++` runs its first iteration.
func foldOnEdge(v ssa.Value, b, pred *ssa.BasicBlock, ctr *counters, env env, depth int) constant.Value {
	if depth == 0 {
		return nil
	}
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil {
			return v.Value
		}
	case *ssa.Phi:
		if ctr != nil {
			if i, ok := ctr.index[v]; ok {
				return env.get(i)
			}
		}
		if v.Block() != b || pred == nil {
			return nil
		}
		for i, p := range b.Preds {
			if p == pred && i < len(v.Edges) {
				return foldOnEdge(v.Edges[i], b, pred, nil, nil, depth-1)
			}
		}
	case *ssa.BinOp:
		if v.Op != token.ADD && v.Op != token.SUB {
			return nil
		}
		x, y := foldOnEdge(v.X, b, pred, ctr, env, depth-1), foldOnEdge(v.Y, b, pred, ctr, env, depth-1)
		if x == nil || y == nil || x.Kind() != constant.Int || y.Kind() != constant.Int {
			return nil
		}
		return constant.BinaryOp(x, v.Op, y)
	case *ssa.Call:
		if fn, ok := v.Call.Value.(*ssa.Builtin); ok && fn.Name() == "len" && len(v.Call.Args) == 1 {
			switch arg := v.Call.Args[0].(type) {
			case *ssa.MakeSlice:
				return foldOnEdge(arg.Len, b, pred, nil, nil, depth-1)
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
// by its function or by the closures that capture it, or nil: the
// store-once rule of chanflow.StoredOnce, and closures that only load it.
func storedOnce(alloc *ssa.Alloc) ssa.Value {
	stored := chanflow.StoredOnce(alloc)
	if stored == nil {
		return nil
	}
	for _, r := range *alloc.Referrers() {
		mc, ok := r.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		anon, ok := mc.Fn.(*ssa.Function)
		if !ok {
			return nil
		}
		for i, b := range mc.Bindings {
			if b != alloc {
				continue
			}
			for _, fr := range *anon.FreeVars[i].Referrers() {
				if load, ok := fr.(*ssa.UnOp); !ok || load.Op != token.MUL {
					return nil
				}
			}
		}
	}
	return stored
}

// inLoop reports whether b can reach itself.
func inLoop(b *ssa.BasicBlock) bool {
	return reaches(b.Succs, b)
}

func reaches(from []*ssa.BasicBlock, target *ssa.BasicBlock) bool {
	return chanflow.ReachesBlock(target, nil, from...)
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

// isSentinel reports whether v is an error value that cannot be nil: a
// package-level error variable (io.EOF, context.Canceled, sql.ErrNoRows).
func isSentinel(v ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	g, ok := load.X.(*ssa.Global)
	return ok && types.Identical(v.Type(), types.Universe.Lookup("error").Type()) && g.Pkg != nil
}
