package lostsend

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

type pathState struct {
	sends, recvs amount
	// part counts the receives of the current iteration of a counted
	// loop: what is known received when the loop is left early.
	part int64
	all  bool // every value was taken: the channel was seen closed, or a done signal says so
	// joined: every sender is known to have finished (wg.Wait after
	// their Done, a receive from a done channel they close).
	joined bool
	dead   bool // the path reached the make again, or ended in a call that never returns
	// touched: the path took a value from the channel, or ran a loop that
	// receives from it; how many is then not known exactly.
	touched bool
	// other counts the values taken from the alternatives (recvLoop.alt):
	// senders that send nothing here.
	other int64
}

type leak struct {
	exit         ssa.Instruction
	sends, recvs amount
	inLoop       bool // some sender was started in a loop
	// waits: exit is a join (wg.Wait, a done receive) that the blocked
	// senders never let finish.
	waits bool
}

// pathChecker holds what checkPaths knows of the function's loops.
type pathChecker struct {
	nest *nest
	// top maps each block to the outermost loop holding it that does not
	// hold the make: such a loop runs whole between the make and the
	// return, and is counted as one step.
	top      map[*ssa.BasicBlock]*loop
	senders  map[*loop]amount // the sends a run of a top loop starts
	paired   map[*loop]bool   // the loop both starts senders and receives
	receives map[*loop]bool
	rl       recvLoop
}

func (c *checker) checkPaths(fn *ssa.Function, mc *ssa.MakeChan, buffer int64, senders []sender, rl recvLoop) {
	nest := loopNest(fn, chanflow.Loops(fn))
	if nest.irreducible {
		return
	}
	pc := &pathChecker{nest: nest, top: map[*ssa.BasicBlock]*loop{}, senders: map[*loop]amount{}, paired: map[*loop]bool{}, receives: map[*loop]bool{}, rl: rl}
	home := mc.Block()
	for _, l := range nest.loops {
		if l.contains(home) || l.parent != nil && !l.parent.contains(home) {
			continue
		}
		for b := range l.body {
			pc.top[b] = l
		}
	}
	byStart := map[ssa.Instruction]sender{}
	inLoop := false
	for _, s := range senders {
		if s.sends.zero() {
			continue // it never blocks, however many a loop starts
		}
		t := pc.top[s.start.Block()]
		if t == nil {
			byStart[s.start] = s
			continue
		}
		inLoop = true
		n := s.sends
		if !s.exclusive {
			for l := nest.innermost[s.start.Block()]; l != t.parent; l = l.parent {
				n = n.times(l.trip)
			}
		}
		pc.senders[t] = pc.senders[t].add(n)
	}
	for r := range rl.recvs {
		if t := pc.top[r.Block()]; t != nil {
			pc.receives[t] = true
		}
	}
	for sel := range rl.selectCases {
		if t := pc.top[sel.Block()]; t != nil {
			pc.receives[t] = true
		}
	}
	for t := range pc.receives {
		if _, ok := pc.senders[t]; ok {
			// Receiving each round what it started: taken to match its
			// sends whatever way it ends.
			pc.paired[t] = true
		}
	}
	joins := c.joins(fn, senders)
	receivesAnywhere := len(rl.recvs) > 0 || len(rl.selectCases) > 0
	if receivesAnywhere && everyValueStops(fn, rl) {
		// Any value on the channel stops the test: it carries only
		// failures, and on a passing run nobody sends.
		return
	}
	isChan := func(v ssa.Value) bool { return rl.aliases[v] }
	recv := func(s pathState, b *ssa.BasicBlock) pathState {
		s.touched = true
		if pc.top[b] != nil {
			s.part = min(s.part+1, maxPart)
		} else {
			s.recvs = s.recvs.add(exactly(1))
			if s.recvs.n > maxPart {
				s.all = true // a loop around the make receiving on and on
			}
		}
		return s
	}
	var found *leak
	note := func(at ssa.Instruction, s pathState, recvs amount, waits bool) {
		// The earliest position, and on it the path with the fewest
		// receives, so the message does not depend on search order.
		if found == nil || at.Pos() < found.exit.Pos() || at == found.exit && less(recvs, found.recvs) {
			found = &leak{exit: at, sends: s.sends, recvs: recvs, inLoop: inLoop, waits: waits}
		}
	}
	// joinBlocked notes a join reached with more sends known to come than
	// were received plus the buffer: the senders block, the join never
	// returns, and the goroutines are stuck with the function.
	// expected is what may still come on the channel: the sends less
	// the senders that sent on an alternative instead.
	expected := func(s pathState) pathState {
		if rl.alt != nil && s.other > 0 && s.sends.isConst() {
			s.sends.n = max(0, s.sends.n-s.other)
		}
		return s
	}
	joinBlocked := func(s pathState, at ssa.Instruction) {
		s = expected(s)
		if s.all || s.sends.unk || s.sends.many || s.sends.inf {
			return
		}
		recvs := s.recvs.add(exactly(s.part))
		if s.sends.exceeds(recvs, buffer) && !(s.sends.sym != "" && buffer > 1) {
			note(at, s, recvs, true)
		}
	}
	flow := chanflow.Flow[pathState]{
		Instr: func(s pathState, instr ssa.Instruction) pathState {
			switch {
			case instr == ssa.Instruction(mc), chanflow.NoReturn(instr):
				s.dead = true
			case joins[instr]:
				joinBlocked(s, instr)
				s.joined = true
			case rl.recvs[instr]:
				s = recv(s, instr.Block())
			case rl.alt != nil && rl.alt.recvs[instr]:
				s.other = min(s.other+1, maxPart)
			default:
				if snd, ok := byStart[instr]; ok {
					s.sends = s.sends.add(snd.sends)
					if s.sends.n > maxPart {
						s.sends = unknown
					}
				}
			}
			return s
		},
		Edge: func(s pathState, b *ssa.BasicBlock, i int) pathState {
			if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil {
				switch {
				case rl.selectCases[sel][k]:
					s = recv(s, b)
				case rl.alt != nil && rl.alt.cases[sel][k]:
					s.other = min(s.other+1, maxPart)
				case k < len(sel.States) && joins[selectCase{sel, k}]:
					// Its other cases may take the values: no deadlock.
					s.joined = true
				case rl.selectCases[sel] != nil && k < len(sel.States) && rl.allDone(sel.States[k].Chan):
					// The signal that every sender is done: all was taken.
					s.all = true
				}
			}
			to := b.Succs[i]
			from, into := pc.top[b], pc.top[to]
			for _, l := range pc.bypassed(b, i) {
				// A rotated loop skipped because its count is zero:
				// as if it had run that many times.
				s.sends = s.sends.add(pc.senders[l])
				s.recvs = s.recvs.add(pc.fullRecvs(l))
			}
			if from != nil && from != into {
				switch {
				case from.normal.is(b, i):
					s.recvs = s.recvs.add(pc.fullRecvs(from))
				case pc.receives[from] && from.trip == nil && rl.completes(b, i):
					s.all = true
				case pc.receives[from] && chanflow.ClosedEdge(b, i, isChan):
					s.all = true
				default:
					s.recvs = s.recvs.add(exactly(s.part))
				}
				s.part = 0
			}
			if into != nil && into != from {
				s.sends = s.sends.add(pc.senders[into])
				if pc.paired[into] {
					s.all = true
				}
				if pc.receives[into] {
					s.touched = true
				}
				s.part = 0
			}
			if into != nil && into == from && to == into.header {
				s.part = 0 // a new round
			}
			return s
		},
		Exit: func(s pathState, exit ssa.Instruction) {
			if _, isRet := exit.(*ssa.Return); !isRet || s.all || s.joined {
				return
			}
			s = expected(s)
			recvs := s.recvs.add(exactly(s.part))
			if s.sends.unk && (!receivesAnywhere || s.touched) {
				// Sends that depend on data: on a channel this function
				// never reads the protocol says none come; once it has
				// read some, how many more come is the data's business.
				return
			}
			if !s.sends.exceeds(recvs, buffer) {
				return
			}
			note(exit, s, recvs, false)
		},
		Prune: func(s pathState) bool { return s.dead || s.all || s.joined },
	}
	flow.Run(mc, pathState{})
	if found == nil {
		return
	}
	c.report(fn, mc, buffer, senders, found)
}

// everyValueStops reports whether each receive of the channel, and each
// select case taking a value from it, is followed on every path by a call
// that never returns (t.Fatal, log.Fatal, os.Exit...): a failure channel,
// whose senders only send when the test is lost anyway.
func everyValueStops(fn *ssa.Function, rl recvLoop) bool {
	for r := range rl.recvs {
		if !stopsFrom(r.Block(), recvIndex(r)+1) {
			return false
		}
	}
	for _, b := range fn.Blocks {
		if sel, k := chanflow.SelectCaseEdge(b, 0); sel != nil && rl.selectCases[sel][k] {
			if !stopsFrom(b.Succs[0], 0) {
				return false
			}
		}
	}
	return true
}

func recvIndex(instr ssa.Instruction) int {
	for i, in := range instr.Block().Instrs {
		if in == instr {
			return i
		}
	}
	return len(instr.Block().Instrs)
}

// stopsFrom reports whether every path from instruction i of b reaches a
// call that never returns before a return.
func stopsFrom(b *ssa.BasicBlock, i int) bool {
	seen := map[*ssa.BasicBlock]bool{}
	type item struct {
		b *ssa.BasicBlock
		i int
	}
	work := []item{{b, i}}
	for len(work) > 0 {
		it := work[len(work)-1]
		work = work[:len(work)-1]
		stopped := false
		for _, instr := range it.b.Instrs[it.i:] {
			if chanflow.NoReturn(instr) {
				stopped = true
				break
			}
			if _, ok := instr.(*ssa.Return); ok {
				return false
			}
		}
		if stopped {
			continue
		}
		for _, s := range it.b.Succs {
			if !seen[s] {
				seen[s] = true
				work = append(work, item{s, 0})
			}
		}
	}
	return true
}

// maxPart bounds the receives counted one by one on a path.
const maxPart = 64

func less(a, b amount) bool {
	if a.sym != b.sym {
		return a.sym < b.sym
	}
	if a.k != b.k {
		return a.k < b.k
	}
	return a.n < b.n
}

// bypassed lists the top loops whose zero-count guard is the edge.
func (pc *pathChecker) bypassed(b *ssa.BasicBlock, i int) []*loop {
	var out []*loop
	for _, l := range pc.nest.loops {
		if l.bypass.is(b, i) && pc.top[l.header] == l {
			out = append(out, l)
		}
	}
	return out
}

// fullRecvs is the least a counted loop receives when it runs its count:
// its trip count times the receives that every round makes.
func (pc *pathChecker) fullRecvs(l *loop) amount {
	if !pc.receives[l] || l.trip == nil {
		return amount{}
	}
	return pc.perRound(l).times(l.trip)
}

// perRound bounds from above the receives of one round of l: each receive
// and each select case on the channel in it once, and nested loops their
// count times that. A loop that ran its count is not evidence of a leak
// unless even that many receives fall short; a round that skips its
// receive (a select that takes another case) is the business of the paths
// that leave the loop early.
func (pc *pathChecker) perRound(l *loop) amount {
	n := amount{}
	for r := range pc.rl.recvs {
		if pc.nest.innermost[r.Block()] == l {
			n = n.add(exactly(1))
		}
	}
	for sel, cases := range pc.rl.selectCases {
		if pc.nest.innermost[sel.Block()] == l {
			n = n.add(exactly(int64(len(cases))))
		}
	}
	for _, c := range pc.nest.loops {
		if c.parent != l || !pc.receivesIn(c) {
			continue
		}
		n = n.add(pc.perRound(c).times(c.trip))
	}
	return n
}

// receivesIn reports whether l receives from the channel.
func (pc *pathChecker) receivesIn(l *loop) bool {
	for r := range pc.rl.recvs {
		if l.body[r.Block()] {
			return true
		}
	}
	for sel := range pc.rl.selectCases {
		if l.body[sel.Block()] {
			return true
		}
	}
	return false
}

// selectCase is a case of a select statement, a key of joins next to
// instructions.
type selectCase struct {
	sel *ssa.Select
	k   int
}

// joins finds the points of fn after which every sender has finished
// sending: a wg.Wait on a WaitGroup whose Done each sender calls after its
// sends, and a receive from (or a select case on) a channel each sender
// closes after its sends.
func (c *checker) joins(fn *ssa.Function, senders []sender) map[any]bool {
	out := map[any]bool{}
	if len(senders) == 0 {
		return out
	}
	// The WaitGroups and channels every sender releases after its sends.
	var common map[string]bool
	for _, s := range senders {
		if s.body == nil {
			return out
		}
		rel := releasesAfterSends(s.body, s.sendInstrs, s.args)
		if common == nil {
			common = rel
			continue
		}
		for k := range common {
			if !rel[k] {
				delete(common, k)
			}
		}
	}
	if len(common) == 0 {
		return out
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Call:
				if wg := waitGroupCall(instr.Common(), "Wait"); wg != nil {
					if k, ok := canonical(wg, 0); ok && common["wg "+k] {
						out[instr] = true
					}
				}
			case *ssa.UnOp:
				if instr.Op == token.ARROW && onlyClosed(instr.X) {
					if k, ok := canonical(instr.X, 0); ok && common["ch "+k] {
						out[instr] = true
					}
				}
			case *ssa.Select:
				for i, st := range instr.States {
					if st.Dir != types.RecvOnly {
						continue
					}
					if k, ok := canonical(st.Chan, 0); ok && common["ch "+k] && onlyClosed(st.Chan) {
						out[selectCase{instr, i}] = true
					}
				}
			}
		}
	}
	return out
}

// onlyClosed reports whether ch is a channel made in this function that
// nobody sends on, here or in its closures: a receive from it returns only
// once it is closed.
func onlyClosed(ch ssa.Value) bool {
	for range 4 {
		load, ok := ch.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			break
		}
		a, ok := load.X.(*ssa.Alloc)
		if !ok {
			return false
		}
		ch = chanflow.StoredOnce(a)
	}
	mc, ok := ch.(*ssa.MakeChan)
	if !ok {
		return false
	}
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Recv, chanflow.SelectRecv, chanflow.Close, chanflow.Harmless:
		case chanflow.Capture:
			root := chanflow.ClosureRoot(u)
			if root == nil {
				return false
			}
			for _, cu := range chanflow.Uses(root) {
				switch cu.Kind {
				case chanflow.Recv, chanflow.SelectRecv, chanflow.Close, chanflow.Harmless:
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return true
}

// releasesAfterSends names the WaitGroups ("wg "+key) whose Done, and the
// channels ("ch "+key) whose close, g runs after its sends: deferred, or
// with no send reachable after the call.
func releasesAfterSends(g *ssa.Function, sends []ssa.Instruction, args map[ssa.Value]ssa.Value) map[string]bool {
	out := map[string]bool{}
	key := func(v ssa.Value) (string, bool) {
		if a, ok := args[v]; ok {
			v = a // a parameter of a function the go statement calls
		}
		return canonical(v, 0)
	}
	isSend := map[ssa.Instruction]bool{}
	for _, s := range sends {
		isSend[s] = true
	}
	for _, b := range g.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			_, isGo := instr.(*ssa.Go)
			if isGo {
				continue
			}
			var name string
			if wg := waitGroupCall(ci.Common(), "Done"); wg != nil {
				if k, ok := key(wg); ok {
					name = "wg " + k
				}
			} else if bi, ok := ci.Common().Value.(*ssa.Builtin); ok && bi.Name() == "close" && len(ci.Common().Args) == 1 {
				if k, ok := key(ci.Common().Args[0]); ok {
					name = "ch " + k
				}
			}
			if name == "" {
				continue
			}
			if _, deferred := instr.(*ssa.Defer); deferred || !sendReachable(instr, isSend) {
				out[name] = true
			}
		}
	}
	return out
}

// sendReachable reports whether a send may run after instr.
func sendReachable(instr ssa.Instruction, isSend map[ssa.Instruction]bool) bool {
	b := instr.Block()
	after := false
	for _, in := range b.Instrs {
		if after && isSend[in] {
			return true
		}
		after = after || in == instr
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), b.Succs...)
	for len(work) > 0 {
		x := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[x] {
			continue
		}
		seen[x] = true
		for _, in := range x.Instrs {
			if isSend[in] {
				return true
			}
		}
		work = append(work, x.Succs...)
	}
	return false
}

// waitGroupCall returns the WaitGroup of a call to its method name.
func waitGroupCall(call *ssa.CallCommon, name string) ssa.Value {
	callee := call.StaticCallee()
	if callee == nil || callee.Name() != name || len(call.Args) == 0 {
		return nil
	}
	n := recvNamed(callee)
	if n == nil || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "sync" || n.Obj().Name() != "WaitGroup" {
		return nil
	}
	return call.Args[0]
}

// exclusiveSends reports whether every send of g is guarded by a test on
// the result of an atomic operation (`if atomic.AddInt32(&n, 1) == total`,
// a CompareAndSwap): the protocol lets one goroutine only take that
// branch, however many run g.
func exclusiveSends(sends []ssa.Instruction) bool {
	if len(sends) == 0 {
		return false
	}
	for _, s := range sends {
		if !guardedByAtomic(s.Block()) {
			return false
		}
	}
	return true
}

func guardedByAtomic(b *ssa.BasicBlock) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		if len(d.Instrs) == 0 {
			continue
		}
		iff, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || len(d.Succs) != 2 {
			continue
		}
		// Only the branch that the atomic result decides.
		if !d.Succs[0].Dominates(b) || d.Succs[0] == d.Succs[1] {
			continue
		}
		if fromAtomic(iff.Cond, 0) {
			return true
		}
	}
	return false
}

func fromAtomic(v ssa.Value, depth int) bool {
	if depth > 4 {
		return false
	}
	switch x := v.(type) {
	case *ssa.Call:
		callee := x.Call.StaticCallee()
		if callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "sync/atomic" {
			name := callee.Name()
			return strings.HasPrefix(name, "Add") || strings.HasPrefix(name, "CompareAndSwap") || strings.HasPrefix(name, "Swap")
		}
	case *ssa.BinOp:
		return fromAtomic(x.X, depth+1) || fromAtomic(x.Y, depth+1)
	case *ssa.UnOp:
		return x.Op == token.NOT && fromAtomic(x.X, depth+1)
	case *ssa.Convert:
		return fromAtomic(x.X, depth+1)
	}
	return false
}
