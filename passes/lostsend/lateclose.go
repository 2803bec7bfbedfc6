package lostsend

import (
	"fmt"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// startedSender is the goroutine a use of a channel starts with it: a go
// statement whose closure captures the channel, or that hands it to a
// function of this package, with how many times that goroutine may send
// on it. ok is false for any other use, and when the sends cannot be
// counted.
func (c *checker) startedSender(u chanflow.Use) (snd sender, ok bool) {
	switch u.Kind {
	case chanflow.Capture:
		g, ok := goClosure(u)
		root := chanflow.ClosureRoot(u)
		if !ok || root == nil {
			return sender{}, false
		}
		n := c.sendsOf(root, c.cfg.Depth)
		return sender{start: g, sends: n.max, at: n.at}, n.ok
	case chanflow.Arg:
		g, isGo := u.Instr.(*ssa.Go)
		root := chanflow.ParamRoot(u)
		if !isGo || root == nil {
			return sender{}, false
		}
		n := c.sendsOf(root, c.cfg.Depth)
		// The sends are in another function: point at the go statement.
		return sender{start: g, sends: n.max, at: g.Pos()}, n.ok
	}
	return sender{}, false
}

// checkLateClose reports a close, by the function that made a channel, on
// a path where a goroutine it started may still send on the channel: the
// close does not release that goroutine, its late send panics.
func (c *checker) checkLateClose(mc *ssa.MakeChan) {
	fn := mc.Parent()
	var senders []sender
	closes := map[ssa.Instruction]bool{}
	recvs := map[ssa.Instruction]bool{}
	ours := map[*ssa.Select]int{} // select -> our receive case
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Close:
			if u.Instr.Parent() != fn {
				return
			}
			closes[u.Instr] = true
		case chanflow.Recv:
			recvs[u.Instr] = true
		case chanflow.SelectRecv:
			ours[u.Instr.(*ssa.Select)] = u.Case
		case chanflow.Capture, chanflow.Arg:
			snd, ok := c.startedSender(u)
			if !ok || snd.sends.zero() {
				return
			}
			senders = append(senders, snd)
		default:
			return
		}
	}
	if len(senders) == 0 || len(closes) == 0 {
		return
	}
	// A receive loop's trip count decides how many values it takes; the
	// path that skips the loop is seldom one that runs.
	loops := chanflow.Loops(fn)
	for r := range recvs {
		if _, in := loops[r.Block()]; in {
			return
		}
	}
	for sel := range ours {
		if _, in := loops[sel.Block()]; in {
			return
		}
	}
	var total amount
	starts := map[ssa.Instruction]bool{}
	for _, s := range senders {
		total = total.add(s.sends)
		starts[s.start] = true
	}
	type state struct {
		started, deferred, unknown bool
		recvs                      amount
	}
	var late ssa.Instruction
	var lateRecvs amount
	check := func(s state, at ssa.Instruction) {
		if s.started && !s.unknown && total.exceeds(s.recvs, 0) && (late == nil || at.Pos() < late.Pos()) {
			late, lateRecvs = at, s.recvs
		}
	}
	var deferAt ssa.Instruction
	var nest *nest
	receivingLoopRan := func(b *ssa.BasicBlock, i int) bool {
		if nest == nil {
			nest = loopNest(fn, chanflow.Loops(fn))
		}
		for _, l := range nest.loops {
			if !l.normal.is(b, i) && !l.bypass.is(b, i) {
				continue
			}
			for r := range recvs {
				if l.body[r.Block()] {
					return true
				}
			}
			for sel := range ours {
				if l.body[sel.Block()] {
					return true
				}
			}
		}
		return false
	}
	chanflow.Flow[state]{
		Instr: func(s state, instr ssa.Instruction) state {
			switch {
			case starts[instr]:
				s.started = true
			case recvs[instr]:
				s.recvs = oneMore(s.recvs)
			case closes[instr]:
				if _, isDefer := instr.(*ssa.Defer); isDefer {
					s.deferred = true
					deferAt = instr
				} else {
					check(s, instr)
					s.unknown = true // one report per path
				}
			case waits(instr, ours):
				// Another way to learn the senders are done.
				s.unknown = true
			}
			return s
		},
		Edge: func(s state, b *ssa.BasicBlock, i int) state {
			if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil {
				if ck, ok := ours[sel]; ok && ck == k {
					s.recvs = oneMore(s.recvs)
				} else if k >= 0 && k < len(sel.States) && sel.States[k].Dir == types.RecvOnly && localChan(sel.States[k].Chan) {
					// A value from another channel of this function,
					// likely the goroutine's own "done": it may say the
					// sends are over.
					s.unknown = true
				}
			}
			if receivingLoopRan(b, i) {
				// A counted receive loop ran its count: as many values
				// as it was written to take were taken.
				s.recvs = several
			}
			return s
		},
		Exit: func(s state, exit ssa.Instruction) {
			if _, isRet := exit.(*ssa.Return); isRet && s.deferred && deferAt != nil {
				check(s, deferAt)
			}
		},
		Prune: func(s state) bool { return s.unknown },
	}.Run(mc, state{})
	if late == nil || c.ignores.Ignored("lostsend", late.Pos()) {
		return
	}
	how := "without receiving from it"
	if lateRecvs.isConst() && lateRecvs.n > 0 {
		how = "after receiving " + times(lateRecvs.n)
	}
	sends := "sends on it once"
	if !total.isConst() {
		sends = "sends on it in a loop"
	} else if total.n > 1 {
		sends = fmt.Sprintf("sends on it up to %d times", total.n)
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:     late.Pos(),
		Message: fmt.Sprintf("a late send on %s panics after this close: the goroutine %s, but this path closes it %s; closing does not release a sender", c.chanName(mc), sends, how),
		Related: []analysis.RelatedInformation{{Pos: senders[0].start.Pos(), Message: "the sending goroutine is started here"}},
	})
}

// waits reports an instruction that may wait for the senders some other
// way: a receive from, or a select without, our channel, or a Wait call.
func waits(instr ssa.Instruction, ours map[*ssa.Select]int) bool {
	switch instr := instr.(type) {
	case *ssa.UnOp:
		return instr.Op == token.ARROW
	case *ssa.Select:
		_, ok := ours[instr]
		return !ok
	case ssa.CallInstruction:
		cc := instr.Common()
		name := ""
		if cc.IsInvoke() {
			name = cc.Method.Name()
		} else if callee := cc.StaticCallee(); callee != nil {
			name = callee.Name()
		} else if _, isBuiltin := cc.Value.(*ssa.Builtin); !isBuiltin {
			return true // a function value: it may wait
		}
		return name == "Wait" || name == "Done"
	}
	return false
}

// localChan reports whether ch is a channel this function made (directly
// or through a variable), as opposed to a timer's or a context's.
func localChan(ch ssa.Value) bool {
	for range 4 {
		switch v := ch.(type) {
		case *ssa.MakeChan:
			return true
		case *ssa.ChangeType:
			ch = v.X
		case *ssa.UnOp:
			if v.Op != token.MUL {
				return false
			}
			switch v.X.(type) {
			case *ssa.Alloc, *ssa.FreeVar:
				return true
			}
			return false
		default:
			return false
		}
	}
	return false
}
