package undrainedchan

import (
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// consumer is what a function does with one producer's channel.
type consumer struct {
	recvs       map[ssa.Instruction]bool
	selectCases map[*ssa.Select]map[int]bool
	aliases     map[ssa.Value]bool
	received    bool // some instruction receives from it
	handedOver  bool // the duty leaves the function
}

// consumerOf classifies the uses of ch; a nil ch is a discarded channel.
func (c *checker) consumerOf(ch ssa.Value) consumer {
	cons := consumer{
		recvs:       map[ssa.Instruction]bool{},
		selectCases: map[*ssa.Select]map[int]bool{},
		aliases:     map[ssa.Value]bool{},
	}
	if ch == nil {
		return cons
	}
	cons.aliases[ch] = true
	for _, u := range chanflow.Uses(ch) {
		cons.aliases[u.Value] = true
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Recv:
			cons.recvs[u.Instr] = true
			cons.received = true
		case chanflow.SelectRecv:
			sel := u.Instr.(*ssa.Select)
			if cons.selectCases[sel] == nil {
				cons.selectCases[sel] = map[int]bool{}
			}
			cons.selectCases[sel][u.Case] = true
			cons.received = true
		case chanflow.Arg:
			if c.calleeDrains(u.Callee, u.Index) {
				cons.handedOver = true
			} else if _, ok := u.Instr.(*ssa.Call); ok && c.calleeReceives(u.Callee, u.Index) {
				// A helper that receives at least once on every path
				// (assertEvent(t, ch)) is one receive at the call: it
				// releases a producer that sends once.
				cons.recvs[u.Instr] = true
				cons.received = true
			}
		default:
			// Returned, stored, captured by a closure, sent, converted:
			// whoever gets it now owns the duty.
			cons.handedOver = true
		}
	}
	return cons
}

// calleeDrains reports whether callee drains or keeps its parameter i
// (counting a method's receiver as parameter 0).
func (c *checker) calleeDrains(callee *ssa.Function, i int) bool {
	obj := funcObj(callee)
	if obj == nil {
		return false
	}
	if idx, ok := knownDrains[funcKey(obj)]; ok {
		if callee.Signature.Recv() != nil {
			idx++
		}
		return i == idx
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg {
		return c.drainsParam(callee, i)
	}
	var f drainsFact
	if c.pass.ImportObjectFact(obj, &f) {
		for _, p := range f.Params {
			if p == i {
				return true
			}
		}
	}
	return false
}

// calleeReceives reports whether callee receives from its parameter i at
// least once on every path that returns (counting a method's receiver as
// parameter 0). A path that stops the test or panics needs no receive.
func (c *checker) calleeReceives(callee *ssa.Function, i int) bool {
	obj := funcObj(callee)
	if obj == nil {
		return false
	}
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg {
		c.drainsParam(callee, i)
		return c.recvs[callee][i]
	}
	var f drainsFact
	if c.pass.ImportObjectFact(obj, &f) {
		for _, p := range f.Recvs {
			if p == i {
				return true
			}
		}
	}
	return false
}

// drainsParam computes, once per function, whether fn drains or keeps its
// channel parameter i on every path. On the way it records in c.recvs the
// parameters fn receives from at least once on every path.
func (c *checker) drainsParam(fn *ssa.Function, i int) bool {
	memo, seen := c.drains[fn]
	if seen && memo == nil {
		// Recursion: assume the best, as a cycle adds no receive.
		return true
	}
	if !seen {
		c.drains[fn] = nil
		memo = map[int]bool{}
		once := map[int]bool{}
		for j, p := range fn.Params {
			if fn.Blocks == nil || !isRecvChan(p.Type()) {
				continue
			}
			cons := c.consumerOf(p)
			memo[j] = cons.handedOver || (cons.received && c.firstLeak(fn, nil, cons, producer{}, release{}) == nil)
			// Against a producer that sends once, a path with one
			// receive releases it: no leak means a receive on every path.
			once[j] = !memo[j] && cons.received && c.firstLeak(fn, nil, cons, producer{producerFact: producerFact{Once: true}}, release{}) == nil
		}
		c.drains[fn] = memo
		c.recvs[fn] = once
	}
	return memo[i]
}

// exportDrains records this package's draining functions as facts.
func (c *checker) exportDrains(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj := funcObj(fn)
		if obj == nil || fn.Parent() != nil || fn.Blocks == nil {
			continue
		}
		var f drainsFact
		for j, p := range fn.Params {
			if !isRecvChan(p.Type()) {
				continue
			}
			if c.drainsParam(fn, j) {
				f.Params = append(f.Params, j)
			} else if c.recvs[fn][j] {
				f.Recvs = append(f.Recvs, j)
			}
		}
		if len(f.Params) > 0 || len(f.Recvs) > 0 {
			c.pass.ExportObjectFact(obj, &f)
		}
	}
}

// pathState is what has happened to the channel on one path.
type pathState struct {
	released bool  // drained to the close, or the producer released
	recvs    uint8 // receives on the path, capped
	looped   bool  // a receive inside a loop
	dead     bool  // the path ends without leaving the function
}

// exitLeak is an exit reached with the channel neither drained nor released.
type exitLeak struct {
	exit ssa.Instruction
	pathState
}

// firstLeak explores the paths of fn from start (the producer call, or the
// entry when start is nil) and returns the first exit that leaves the
// producer blocked, or nil.
func (c *checker) firstLeak(fn *ssa.Function, start ssa.Instruction, cons consumer, p producer, rel release) *exitLeak {
	loops := chanflow.Loops(fn)
	isAlias := func(v ssa.Value) bool { return cons.aliases[v] }
	receivingLoops := map[int]bool{}
	if p.Once {
		for instr := range cons.recvs {
			if l, ok := loops[instr.Block()]; ok {
				receivingLoops[l] = true
			}
		}
	}
	var found *exitLeak
	receive := func(s pathState, b *ssa.BasicBlock) pathState {
		if p.Once {
			s.released = true
		}
		if s.recvs < 8 {
			s.recvs++
		}
		if receiveLoop(loops, b, start) {
			s.looped = true
		}
		return s
	}
	flow := chanflow.Flow[pathState]{
		Instr: func(s pathState, instr ssa.Instruction) pathState {
			switch {
			case instr == start, chanflow.NoReturn(instr):
				s.dead = true
			case rel.instrs[instr]:
				s.released = true
			case cons.recvs[instr]:
				s = receive(s, instr.Block())
			case rel.isDoneRecv(instr):
				s.released = true
			}
			return s
		},
		Edge: func(s pathState, b *ssa.BasicBlock, i int) pathState {
			if chanflow.ClosedEdge(b, i, isAlias) {
				s.released = true
			}
			if p.Once && chanflow.ReceivedEdge(b, i, isAlias) {
				// A flag set only after a receive (`case v := <-ch:
				// got = true`) holds: the one value was taken.
				s.released = true
			}
			if p.chunks && errChunkEdge(b, i, isAlias) {
				// A chunk carrying an error is the producer's last value.
				s.released = true
			}
			if p.Once && countedExit(loops, receivingLoops, b, i) {
				// The loop ran out its count, receiving once a round:
				// how many goroutines a producer that sends once per
				// goroutine started is out of sight (one per round of
				// the caller's own loop, typically), so this path shows
				// no value left unreceived.
				s.released = true
			}
			if start != nil && failedEdge(b, i, start) {
				// The producer failed and started nothing.
				s.dead = true
			}
			if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil {
				if cons.selectCases[sel][k] {
					s = receive(s, b)
				} else if rel.isDone(sel.States[k].Chan) {
					s.released = true
				}
			}
			return s
		},
		Exit: func(s pathState, exit ssa.Instruction) {
			if found == nil || exit.Pos() < found.exit.Pos() {
				found = &exitLeak{exit: exit, pathState: s}
			}
		},
		Prune: func(s pathState) bool { return s.dead || s.released },
	}
	if start == nil {
		flow.RunEntry(fn, pathState{})
	} else {
		flow.Run(start, pathState{released: rel.outside || rel.deferredBefore(start)})
	}
	return found
}

// countedExit reports whether the edge from b to b.Succs[i] leaves, by
// its own condition, a loop that receives from the channel every round:
// b is the loop's header, where the condition is tested, rather than a
// break or return out of the middle of the body.
func countedExit(loops map[*ssa.BasicBlock]int, receiving map[int]bool, b *ssa.BasicBlock, i int) bool {
	if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); !ok {
		return false
	}
	l, ok := loops[b]
	if !ok {
		return zeroRounds(loops, receiving, b, i)
	}
	if !receiving[l] {
		return false
	}
	if nl, ok := loops[b.Succs[i]]; ok && nl == l {
		return false
	}
	for _, pred := range b.Preds {
		if pl, ok := loops[pred]; ok && pl == l && b.Dominates(pred) {
			return true // pred -> b is the loop's back edge
		}
	}
	return false
}

// zeroRounds reports whether the edge from b to b.Succs[i] skips a
// receiving loop whose count is tested before its first round (the guard
// of a rotated loop: `for range n` tests n > 0 before the body, and the
// body tests the rest): the other successor enters the loop, and the loop
// leaves to the same block.
func zeroRounds(loops map[*ssa.BasicBlock]int, receiving map[int]bool, b *ssa.BasicBlock, i int) bool {
	out, in := b.Succs[i], b.Succs[1-i]
	l, ok := loops[in]
	if !ok || !receiving[l] {
		return false
	}
	if _, ok := loops[out]; ok {
		return false
	}
	for _, p := range out.Preds {
		if pl, ok := loops[p]; ok && pl == l && countedExit(loops, receiving, p, slices.Index(p.Succs, out)) {
			return true
		}
	}
	return false
}

// receiveLoop reports whether a receive in block b repeats on one channel:
// b is in a loop that does not also call the producer again, which would
// make each round's channel a new one.
func receiveLoop(loops map[*ssa.BasicBlock]int, b *ssa.BasicBlock, start ssa.Instruction) bool {
	l, ok := loops[b]
	if !ok {
		return false
	}
	if start != nil {
		if sl, ok := loops[start.Block()]; ok && sl == l {
			return false
		}
	}
	return true
}

// failedEdge reports whether the edge from b to b.Succs[i] is taken when
// the error result of the call start is not nil.
func failedEdge(b *ssa.BasicBlock, i int, start ssa.Instruction) bool {
	call, ok := start.(*ssa.Call)
	if !ok {
		return false
	}
	x, whenNonNil, ok := chanflow.NonNilEdge(b, i)
	if !ok || !whenNonNil {
		return false
	}
	ext, ok := x.(*ssa.Extract)
	return ok && ext.Tuple == call && isError(ext.Type())
}

func isError(t types.Type) bool {
	return types.Identical(t, types.Universe.Lookup("error").Type())
}

// exitPos is where to point at an exit: the return statement, the panic, or
// the closing brace for a function that falls off its end.
func exitPos(fn *ssa.Function, exit ssa.Instruction) token.Pos {
	if pos := exit.Pos(); pos.IsValid() {
		return pos
	}
	if syn := fn.Syntax(); syn != nil {
		return syn.End() - 1
	}
	return token.NoPos
}
