package lostsend

import (
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// alternatives are the other channels that the goroutines sending on a
// channel send on instead of it: each goroutine sends one value at most,
// on one of the channels, so a value the function takes from another
// channel of the group is a goroutine that does not send on this one
// (nats.go's test goroutines send their error on errC or their result on
// done).
type alternatives struct {
	recvs map[ssa.Instruction]bool
	cases map[*ssa.Select]map[int]bool
}

// alternativesOf finds the alternatives of mc for senders, or nil when
// one of the senders may send twice, sends through a call, or sends on a
// channel that others send on or the function itself uses otherwise.
func alternativesOf(fn *ssa.Function, mc *ssa.MakeChan, senders []sender) *alternatives {
	if len(senders) < 2 {
		return nil
	}
	starts := map[ssa.Instruction]bool{}
	for _, s := range senders {
		if s.body == nil || s.args != nil || !s.sends.isConst() || s.sends.n > 1 {
			return nil
		}
		for _, x := range s.sendInstrs {
			switch x.(type) {
			case *ssa.Send, *ssa.Select:
			default:
				return nil // a call that may send
			}
		}
		starts[s.start] = true
	}
	// The partners: channels made by fn that a sender's closure captures.
	partners := map[*ssa.MakeChan]bool{}
	for _, s := range senders {
		mcl, ok := s.start.(*ssa.Go).Call.Value.(*ssa.MakeClosure)
		if !ok {
			return nil
		}
		for _, b := range mcl.Bindings {
			if d := madeChan(b); d != nil && d != mc && d.Parent() == fn {
				partners[d] = true
			}
		}
	}
	alt := &alternatives{recvs: map[ssa.Instruction]bool{}, cases: map[*ssa.Select]map[int]bool{}}
	sendsOf := map[*ssa.Function][]ssa.Instruction{}
	for _, s := range senders {
		sendsOf[s.body] = append(sendsOf[s.body], s.sendInstrs...)
	}
	found := false
	for d := range partners {
		sends := false
		for _, u := range chanflow.Uses(d) {
			switch u.Kind {
			case chanflow.Harmless:
			case chanflow.Recv:
				alt.recvs[u.Instr] = true
			case chanflow.SelectRecv:
				sel := u.Instr.(*ssa.Select)
				if sel.Blocking && len(sel.States) == 1 {
					alt.recvs[u.Instr] = true
					continue
				}
				if alt.cases[sel] == nil {
					alt.cases[sel] = map[int]bool{}
				}
				alt.cases[sel][u.Case] = true
			case chanflow.Capture:
				g, ok := goClosure(u)
				if !ok || !starts[g] {
					return nil
				}
				root := chanflow.ClosureRoot(u)
				if root == nil {
					return nil
				}
				for _, x := range sendInstrs(root) {
					switch x.(type) {
					case *ssa.Send, *ssa.Select:
					default:
						return nil
					}
					sendsOf[root.Parent()] = append(sendsOf[root.Parent()], x)
					sends = true
				}
			default:
				return nil
			}
		}
		found = found || sends
	}
	if !found {
		return nil
	}
	// Each closure sends one value at most on a run: no send in a loop,
	// and none after another.
	for body, sends := range sendsOf {
		loops := chanflow.Loops(body)
		isSend := map[ssa.Instruction]bool{}
		for _, x := range sends {
			if _, in := loops[x.Block()]; in {
				return nil
			}
			isSend[x] = true
		}
		for _, x := range sends {
			if sendReachable(x, isSend) {
				return nil
			}
		}
	}
	return alt
}

// madeChan returns the channel fn made that v is, or that the variable v
// holds when it is assigned once.
func madeChan(v ssa.Value) *ssa.MakeChan {
	if a, ok := v.(*ssa.Alloc); ok {
		v = chanflow.StoredOnce(a)
	}
	d, _ := v.(*ssa.MakeChan)
	return d
}
