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
