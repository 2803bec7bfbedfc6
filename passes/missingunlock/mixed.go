package missingunlock

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chansummary"
)

// mixedDiags reports a goroutine that blocks on a channel kept in a field
// of the package while holding a lock that every goroutine on the other
// end of the channel holds when it gets there: neither can move.
func (c *checker) mixedDiags(funcs []*ssa.Function) []analysis.Diagnostic {
	if c.chans == nil {
		return nil
	}
	var out []analysis.Diagnostic
	for _, fn := range funcs {
		r := c.results[fn]
		for _, instr := range sortedOps(r) {
			op := r.ops[instr]
			if len(op.may) == 0 {
				continue
			}
			chans, kinds := opChans(instr)
			if len(chans) == 0 {
				continue
			}
			for _, t := range sortedKeys(op.may) {
				var blocker *chansummary.Op
				all := true
				for i, ch := range chans {
					cp, ok := c.counterpartsHold(ch, kinds[i], t)
					if !ok {
						all = false
						break
					}
					if blocker == nil {
						blocker = cp
					}
				}
				if !all || blocker == nil {
					continue
				}
				site := r.sites[op.may[t]]
				what := "receives from"
				if kinds[0] == chansummary.Send {
					what = "sends on"
				}
				pos, end := instrRange(c, instr)
				msg := fmt.Sprintf("%s a channel while holding %s, which the goroutine on the other end (line %d) holds when it gets there: both block for ever", what, c.lockName(site.instr, site.via), c.line(blocker.Pos()))
				lpos, _ := c.node(site.instr)
				out = append(out, analysis.Diagnostic{Pos: pos, End: end, Message: msg, Related: []analysis.RelatedInformation{
					{Pos: lpos, Message: "locked here"},
					{Pos: blocker.Pos(), Message: "the other end, under the same lock"},
				}})
				break
			}
		}
	}
	return out
}

func instrRange(c *checker, instr ssa.Instruction) (token.Pos, token.Pos) {
	return instr.Pos(), instr.Pos()
}

func sortInstrs(xs []ssa.Instruction) {
	sort.Slice(xs, func(i, j int) bool { return xs[i].Pos() < xs[j].Pos() })
}

func sortedOps(r *funcResult) []ssa.Instruction {
	var out []ssa.Instruction
	for instr := range r.ops {
		out = append(out, instr)
	}
	sortInstrs(out)
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

// counterpartsHold reports whether the channel is a closed-world field
// channel and every operation on its other end is reached holding t.
func (c *checker) counterpartsHold(ch ssa.Value, kind chansummary.OpKind, t string) (*chansummary.Op, bool) {
	f := c.chans.FieldOf(ch)
	if f == nil || f.Open {
		return nil, false
	}
	var first *chansummary.Op
	for i := range f.Ops {
		o := &f.Ops[i]
		other := o.Kind != kind && (kind == chansummary.Recv || o.Kind == chansummary.Recv)
		if !other {
			continue
		}
		if o.Kind == chansummary.Close {
			return nil, false // a close wakes every receiver
		}
		r := c.results[o.Fn]
		if r == nil {
			return nil, false
		}
		bo := r.ops[o.Instr]
		if bo == nil || !bo.must[t] {
			return nil, false
		}
		if first == nil {
			first = o
		}
	}
	return first, first != nil
}
