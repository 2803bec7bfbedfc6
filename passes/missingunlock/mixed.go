package missingunlock

import (
	"fmt"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
)

// mixedDiags reports a goroutine that blocks on a channel kept in a field
// of the package while holding a lock that every goroutine on the other
// end of the channel needs before it gets there: neither can move.
//
// The channel model is chansummary's: a field channel whose every use the
// package sees. The other end needs the lock when it holds it at its
// operation, or takes it on a path that leads to the operation (in a
// loop, before the next one), or is a deferred close that runs after a
// lock taken in the function.
func (c *checker) mixedDiags(funcs []*ssa.Function) []analysis.Diagnostic {
	if c.chans == nil {
		return nil
	}
	var out []analysis.Diagnostic
	for _, fn := range funcs {
		r := c.results[fn]
		for _, op := range sortedOps(r) {
			if len(op.may) == 0 || !isBlocking(op.op) {
				continue
			}
			if d, ok := c.mixedAt(r, op); ok {
				out = append(out, d)
			}
		}
	}
	return out
}

func (c *checker) mixedAt(r *funcResult, op *blockOp) (analysis.Diagnostic, bool) {
	chans, kinds := opChans(op.op)
	if len(chans) == 0 {
		return analysis.Diagnostic{}, false
	}
	for _, t := range sortedKeys(op.may) {
		var other *chansummary.Op
		all := true
		for i, ch := range chans {
			cp, ok := c.otherEndNeeds(ch, kinds[i], t)
			if !ok {
				all = false
				break
			}
			if other == nil {
				other = cp
			}
		}
		if !all || other == nil {
			continue
		}
		site := r.sites[op.may[t]]
		what := "receives from"
		if kinds[0] == chansummary.Send {
			what = "sends on"
		}
		if len(chans) > 1 {
			what = "waits in a select on"
		}
		field := c.chans.FieldOf(chans[0])
		lname := c.lockName(site.instr, site.via)
		pos, end := op.instr.Pos(), op.instr.Pos()
		if op.instr != op.op {
			pos, end = c.node(op.instr)
			what = fmt.Sprintf("calls %s, which %s", calleeName(op.instr), what)
		}
		msg := fmt.Sprintf("%s %s while holding %s, which the other end of the channel (%s) needs before it gets there: both block for ever", what, field.Name, lname, c.where(other.Pos()))
		lpos, _ := c.node(site.instr)
		return analysis.Diagnostic{Pos: pos, End: end, Message: msg, Related: []analysis.RelatedInformation{
			{Pos: lpos, Message: "locked here"},
			{Pos: other.Pos(), Message: "the other end, which needs the same lock"},
		}}, true
	}
	return analysis.Diagnostic{}, false
}

func calleeName(instr ssa.Instruction) string {
	if ci, ok := instr.(ssa.CallInstruction); ok {
		if fn := ci.Common().StaticCallee(); fn != nil {
			return fn.Name()
		}
	}
	return "a function"
}

func sortedOps(r *funcResult) []*blockOp {
	var out []*blockOp
	for _, op := range r.ops {
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].instr.Pos() != out[j].instr.Pos() {
			return out[i].instr.Pos() < out[j].instr.Pos()
		}
		return out[i].op.Pos() < out[j].op.Pos()
	})
	return out
}

// opChans lists the channels a blocking operation waits on, with what it
// does to each.
func opChans(instr ssa.Instruction) ([]ssa.Value, []chansummary.OpKind) {
	switch in := instr.(type) {
	case *ssa.Send:
		return []ssa.Value{in.Chan}, []chansummary.OpKind{chansummary.Send}
	case *ssa.UnOp:
		return []ssa.Value{in.X}, []chansummary.OpKind{chansummary.Recv}
	case *ssa.Select:
		var vs []ssa.Value
		var ks []chansummary.OpKind
		for _, st := range in.States {
			vs = append(vs, st.Chan)
			if st.Dir == types.SendOnly {
				ks = append(ks, chansummary.Send)
			} else {
				ks = append(ks, chansummary.Recv)
			}
		}
		return vs, ks
	}
	return nil, nil
}

// otherEndNeeds reports whether ch is a closed-world field channel whose
// every operation able to complete kind needs the type-level lock t. A
// send on an unbuffered channel nothing receives from counts when a
// close of it needs t: the closer cannot run, and the sender never
// returns.
func (c *checker) otherEndNeeds(ch ssa.Value, kind chansummary.OpKind, t string) (*chansummary.Op, bool) {
	f := c.chans.FieldOf(ch)
	if f == nil || f.Open {
		return nil, false
	}
	var first *chansummary.Op
	var closes []*chansummary.Op
	for i := range f.Ops {
		o := &f.Ops[i]
		var completes bool
		switch kind {
		case chansummary.Send:
			completes = o.Kind == chansummary.Recv
			if o.Kind == chansummary.Close {
				closes = append(closes, o)
			}
		default:
			completes = o.Kind == chansummary.Send || o.Kind == chansummary.Close
		}
		if !completes {
			continue
		}
		if !c.needs(o, t) {
			return nil, false
		}
		if first == nil {
			first = o
		}
	}
	if first == nil && kind == chansummary.Send && f.CapKnown && f.Cap == 0 && len(closes) > 0 {
		for _, o := range closes {
			if !c.needs(o, t) {
				return nil, false
			}
		}
		return closes[0], true
	}
	return first, first != nil
}

// needs reports whether the goroutine performing o must hold or take the
// type-level lock t to get to o.
func (c *checker) needs(o *chansummary.Op, t string) bool {
	r := c.results[o.Fn]
	if r == nil || r.overBudget {
		return false
	}
	if bo := r.ops[[2]ssa.Instruction{o.Instr, o.Instr}]; bo != nil && bo.must[t] {
		return true
	}
	at := r.lockAt[t]
	if len(at) == 0 {
		return false
	}
	if _, deferred := o.Instr.(*ssa.Defer); deferred {
		return true // it runs at the return, after any lock on the way
	}
	for _, l := range at {
		if reachesInstr(l, o.Instr) {
			return true
		}
	}
	// Called in a loop: a lock after the operation comes before it on
	// the next call.
	for _, call := range c.callers[o.Fn] {
		if inLoop(call.Block()) {
			return true
		}
	}
	return false
}

func inLoop(b *ssa.BasicBlock) bool {
	_, ok := chanflow.Loops(b.Parent())[b]
	return ok
}

// reachesInstr reports whether a path leads from instruction a to b.
func reachesInstr(a, b ssa.Instruction) bool {
	if a.Block() == b.Block() {
		for _, x := range a.Block().Instrs {
			if x == a {
				return true // a comes first
			}
			if x == b {
				break
			}
		}
	}
	seen := map[*ssa.BasicBlock]bool{}
	work := append([]*ssa.BasicBlock(nil), a.Block().Succs...)
	for len(work) > 0 {
		blk := work[len(work)-1]
		work = work[:len(work)-1]
		if seen[blk] {
			continue
		}
		seen[blk] = true
		if blk == b.Block() {
			return true
		}
		work = append(work, blk.Succs...)
	}
	return false
}
