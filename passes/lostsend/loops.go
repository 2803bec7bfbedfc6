package lostsend

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// recvLoop is how the creator receives from the channel, to tell a receive
// loop that ends on its own from one left early.
type recvLoop struct {
	recvs       map[ssa.Instruction]bool
	selectCases map[*ssa.Select]map[int]bool
	aliases     map[ssa.Value]bool
	signals     map[ssa.Value]bool // memo of closedAfterWait
	// alt: the receives from the channels the senders send on instead
	// of this one, each a sender that does not send here (nil: none).
	alt *alternatives
}

// allDone reports, once per channel, whether a select case on ch means
// every sender is done (see closedAfterWait).
func (rl recvLoop) allDone(ch ssa.Value) bool {
	done, ok := rl.signals[ch]
	if !ok {
		done = closedAfterWait(ch)
		rl.signals[ch] = done
	}
	return done
}

// completes reports whether leaving a receive loop by the edge from b to
// b.Succs[i] can be taken to have received every value: the channel was
// seen closed, or the decision to leave does not look at what was
// received (the loop ran its count, as `for range items` does). Leaving
// because of a received value (`if err := <-errc; err != nil { return err }`)
// or because another select case fired (a timeout, ctx.Done()) is leaving
// early, with senders still waiting.
func (rl recvLoop) completes(b *ssa.BasicBlock, i int) bool {
	isChan := func(v ssa.Value) bool { return rl.aliases[v] }
	// Walk back from a break or return block to the branch that chose it.
	for range 8 {
		if len(b.Instrs) == 0 {
			return true
		}
		if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
			if chanflow.ClosedEdge(b, i, isChan) {
				return true
			}
			return !rl.dependsOnRecv(iff.Cond)
		}
		if len(b.Preds) != 1 {
			// Several ways in: the pass cannot tell which decided.
			return true
		}
		pred := b.Preds[0]
		i = -1
		for j, s := range pred.Succs {
			if s == b {
				i = j
			}
		}
		if i < 0 {
			return true
		}
		b = pred
	}
	return true
}

// dependsOnRecv reports whether v is computed from a value received from
// the channel or from the outcome of a select that receives from it,
// following SSA operands (not memory) a bounded number of steps.
func (rl recvLoop) dependsOnRecv(v ssa.Value) bool {
	seen := map[ssa.Value]bool{}
	work := []ssa.Value{v}
	for len(work) > 0 && len(seen) < 256 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		if v == nil || seen[v] {
			continue
		}
		seen[v] = true
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op == token.ARROW && rl.recvs[x] {
				return true
			}
		case *ssa.Select:
			if rl.selectCases[x] != nil {
				return true
			}
		case *ssa.Call:
			if b, ok := x.Call.Value.(*ssa.Builtin); ok && b.Name() == "append" && len(x.Call.Args) > 0 {
				// What a slice holds does not decide its length: a loop
				// stopping at len(results) == n counts values, it does
				// not look at them.
				work = append(work, x.Call.Args[0])
				continue
			}
		case *ssa.Alloc:
			// A struct or variable the received value was stored into:
			// what is loaded from it is what was stored.
			work = append(work, storedInto(x)...)
		}
		instr, ok := v.(ssa.Instruction)
		if !ok {
			continue
		}
		var ops [8]*ssa.Value
		for _, op := range instr.Operands(ops[:0]) {
			if op != nil && *op != nil {
				work = append(work, *op)
			}
		}
	}
	return false
}

// storedInto lists the values stored into a local variable or its fields
// and elements.
func storedInto(a *ssa.Alloc) []ssa.Value {
	var vals []ssa.Value
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Store:
			if r.Addr == a {
				vals = append(vals, r.Val)
			}
		case *ssa.FieldAddr, *ssa.IndexAddr:
			sub := r.(ssa.Value).Referrers()
			if sub == nil {
				continue
			}
			for _, rr := range *sub {
				if st, ok := rr.(*ssa.Store); ok && st.Addr == r.(ssa.Value) {
					vals = append(vals, st.Val)
				}
			}
		}
	}
	return vals
}

// closedAfterWait reports whether ch is a channel of this function whose
// only release is a close in a goroutine after (*sync.WaitGroup).Wait:
// the idiom that signals every sender is done, so a select leaving on it
// has taken every value.
func closedAfterWait(ch ssa.Value) bool {
	if load, ok := ch.(*ssa.UnOp); ok && load.Op == token.MUL {
		if a, ok := load.X.(*ssa.Alloc); ok {
			ch = nil
			for _, r := range *a.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == a {
					if ch != nil {
						return false
					}
					ch = st.Val
				}
			}
		}
	}
	mc, ok := ch.(*ssa.MakeChan)
	if !ok {
		return false
	}
	closers := 0
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Recv, chanflow.SelectRecv, chanflow.Harmless:
		case chanflow.Capture:
			if _, ok := goClosure(u); !ok {
				return false
			}
			root := chanflow.ClosureRoot(u)
			if root == nil {
				return false
			}
			for _, cu := range chanflow.Uses(root) {
				switch cu.Kind {
				case chanflow.Harmless:
				case chanflow.Close:
					if !afterWait(cu.Instr) {
						return false
					}
					closers++
				default:
					return false
				}
			}
		default:
			return false
		}
	}
	return closers > 0
}

// afterWait reports whether a call to (*sync.WaitGroup).Wait in the same
// function always runs before instr.
func afterWait(instr ssa.Instruction) bool {
	for _, b := range instr.Parent().Blocks {
		for _, in := range b.Instrs {
			call, ok := in.(*ssa.Call)
			if !ok {
				continue
			}
			callee := call.Call.StaticCallee()
			if callee == nil || callee.Name() != "Wait" || callee.Signature.Recv() == nil {
				continue
			}
			if recvNamed(callee) == nil || recvNamed(callee).Obj().Pkg() == nil ||
				recvNamed(callee).Obj().Pkg().Path() != "sync" || recvNamed(callee).Obj().Name() != "WaitGroup" {
				continue
			}
			if dominatesInstr(in, instr) {
				return true
			}
		}
	}
	return false
}
