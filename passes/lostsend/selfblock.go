package lostsend

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// checkUntouched reports a receive from a channel this function made
// whose only other holder is a goroutine that never uses it: nobody can
// ever send on it or close it, so the receive blocks forever.
func (c *checker) checkUntouched(mc *ssa.MakeChan) {
	var recvs []ssa.Instruction
	var given *ssa.Go
	var callee *ssa.Function
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Recv:
			recvs = append(recvs, u.Instr)
		case chanflow.Arg:
			g, isGo := u.Instr.(*ssa.Go)
			p := chanflow.ParamRoot(u)
			if !isGo || given != nil || p == nil || !unused(p) {
				return
			}
			given, callee = g, u.Callee
		default:
			return
		}
	}
	if given == nil {
		return
	}
	name := c.chanName(mc)
	for _, r := range recvs {
		if c.ignores.Ignored("lostsend", r.Pos()) {
			continue
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:     r.Pos(),
			Message: fmt.Sprintf("receive from %s blocks forever, leaking the goroutine: the only goroutine given it, %s, never sends on it or closes it", name, callee.Name()),
			Related: []analysis.RelatedInformation{{Pos: given.Pos(), Message: "the channel is handed to the goroutine here"}},
		})
	}
}

// unused reports whether a parameter is never read.
func unused(p ssa.Value) bool {
	for _, r := range *p.Referrers() {
		if _, ok := r.(*ssa.DebugRef); !ok {
			return false
		}
	}
	return true
}

// checkFilled reports a send on a channel this function made, on a path
// where nothing else can hold the channel yet and the sends so far have
// already filled its buffer: no other goroutine can ever receive the value,
// so the send blocks forever.
func (c *checker) checkFilled(mc *ssa.MakeChan) {
	buffer, ok := constInt(mc.Size)
	if !ok || buffer < 0 || buffer > 64 {
		return
	}
	w := newFillWalk(buffer)
	for _, u := range chanflow.Uses(mc) {
		w.add(u)
	}
	if len(w.sends) == 0 {
		return
	}
	// An instruction that hands the channel over is that first (a send
	// of the channel on itself).
	for h := range w.handed {
		delete(w.sends, h)
		delete(w.recvs, h)
	}
	blocked := w.blockedSend(mc)
	if blocked == nil || c.ignores.Ignored("lostsend", blocked.Pos()) {
		return
	}
	name := c.chanName(mc)
	msg := fmt.Sprintf("send on %s blocks forever, leaking the goroutine: it is unbuffered and no other goroutine can hold it yet", name)
	if buffer > 0 {
		msg = fmt.Sprintf("send on %s blocks forever, leaking the goroutine: this path has already filled its buffer of %d and no other goroutine can hold it yet", name, buffer)
	}
	c.pass.Report(analysis.Diagnostic{Pos: blocked.Pos(), Message: msg})
}

// fillWalk is the path search of checkFilled and checkFilledFields: from
// where a function makes a channel (or the value holding it), while no
// other goroutine can hold it, count the values each path puts in its
// buffer; a send that finds it full blocks forever.
type fillWalk struct {
	buffer int64
	sends  map[ssa.Instruction]bool // sends on the channel
	recvs  map[ssa.Instruction]bool // receives from it
	// shares are calls that send on it first, then may let others in.
	shares map[ssa.Instruction]bool
	// handed are the instructions that may let another goroutine hold
	// it: from there on, someone else may receive.
	handed map[ssa.Instruction]bool
}

func newFillWalk(buffer int64) *fillWalk {
	return &fillWalk{
		buffer: buffer,
		sends:  map[ssa.Instruction]bool{},
		recvs:  map[ssa.Instruction]bool{},
		shares: map[ssa.Instruction]bool{},
		handed: map[ssa.Instruction]bool{},
	}
}

// add records one use of the channel: a send, a receive, or anything else
// (handed on, captured, selected on, closed), from where someone else
// may receive.
func (w *fillWalk) add(u chanflow.Use) {
	switch u.Kind {
	case chanflow.Harmless:
	case chanflow.Send:
		w.sends[u.Instr] = true
	case chanflow.Recv:
		w.recvs[u.Instr] = true
	default:
		w.handed[u.Instr] = true
	}
}

// blockedSend returns the first send (or sharing call) that some path
// from start runs with the buffer full, or nil. When a hand-over runs
// before it on some path, the count there depends on what is unknown
// (a goroutine started in a loop that may run zero times): nil too.
func (w *fillWalk) blockedSend(start ssa.Instruction) ssa.Instruction {
	// The state counts the values in the buffer; -1 once the channel is
	// handed over (or a receive would block first).
	var blocked ssa.Instruction
	loops := chanflow.Loops(start.Parent())
	chanflow.Flow[int64]{
		Instr: func(s int64, instr ssa.Instruction) int64 {
			switch {
			case s < 0:
			case w.recvs[instr]:
				if s == 0 {
					return -1 // that receive blocks first
				}
				return s - 1
			case w.sends[instr], w.shares[instr]:
				if _, inLoop := loops[instr.Block()]; inLoop && w.buffer > 0 {
					// How many times the loop sends is the trip count,
					// which may be just the buffer (filling a semaphore).
					return -1
				}
				if s >= w.buffer {
					if blocked == nil || instr.Pos() < blocked.Pos() {
						blocked = instr
					}
					return -1
				}
				if w.shares[instr] {
					return -1 // the method goes on to share it
				}
				return s + 1
			case w.handed[instr]:
				return -1
			}
			return s
		},
		Exit:  func(int64, ssa.Instruction) {},
		Prune: func(s int64) bool { return s < 0 },
	}.Run(start, 0)
	if blocked == nil {
		return nil
	}
	for h := range w.handed {
		if !w.shares[h] && chanflow.Reaches(h, blocked) {
			return nil
		}
	}
	return blocked
}

// checkUnsignalled reports a receive from a channel this function made
// whose only sender or closer is one goroutine that can return without
// sending or closing: on that path the receive waits forever.
func (c *checker) checkUnsignalled(mc *ssa.MakeChan) {
	fn := mc.Parent()
	var recvs []ssa.Instruction
	var g *ssa.Go
	var body *ssa.Function
	signals := map[ssa.Instruction]bool{}
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Recv:
			recvs = append(recvs, u.Instr)
		case chanflow.Capture:
			start, ok := goClosure(u)
			root := chanflow.ClosureRoot(u)
			if !ok || root == nil || g != nil {
				return
			}
			g, body = start, u.Closure
			for _, cu := range chanflow.Uses(root) {
				switch cu.Kind {
				case chanflow.Harmless:
				case chanflow.Close, chanflow.Send:
					if _, isDefer := cu.Instr.(*ssa.Defer); isDefer {
						return // runs on every way out
					}
					signals[cu.Instr] = true
				default:
					return
				}
			}
		default:
			return
		}
	}
	if g == nil || len(recvs) == 0 || len(signals) == 0 {
		return
	}
	// One goroutine, not one per iteration of a loop (each of which may
	// signal for the others).
	if _, inLoop := chanflow.Loops(fn)[g.Block()]; inLoop {
		return
	}
	// A buffered channel of results may legitimately stay empty (an
	// error channel checked with len, or after wg.Wait): only a close, or
	// an unbuffered hand-over, is a signal the receiver must get.
	if n, ok := constInt(mc.Size); !ok || n > 0 {
		for sig := range signals {
			if _, isSend := sig.(*ssa.Send); isSend {
				return
			}
		}
	}
	// A return of the goroutine that no signal precedes.
	// The state also remembers the loops the path is in the first round
	// of: there a counter still holds its initial value, so a signal
	// guarded by `iter == 0` is not skipped on that round.
	var early ssa.Instruction
	chanflow.Flow[unsignalled]{
		Instr: func(s unsignalled, instr ssa.Instruction) unsignalled {
			// A test that has reported its failure already: the hang
			// that follows is the failure's, not a silent leak.
			if signals[instr] || chanflow.NoReturn(instr) || reportsTestFailure(instr) {
				s.done = true
			}
			return s
		},
		Edge: firstRoundEdge,
		Exit: func(s unsignalled, exit ssa.Instruction) {
			if _, isRet := exit.(*ssa.Return); isRet && !s.done && (early == nil || exit.Pos() < early.Pos()) {
				early = exit
			}
		},
		Prune: func(s unsignalled) bool { return s.done },
	}.RunEntry(body, unsignalled{})
	if early == nil || !early.Pos().IsValid() {
		return
	}
	name := c.chanName(mc)
	for _, r := range recvs {
		if c.ignores.Ignored("lostsend", r.Pos()) || !chanflow.Reaches(g, r) {
			continue
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:     r.Pos(),
			Message: fmt.Sprintf("receive from %s may block forever, leaking the goroutine: the only goroutine that sends on it or closes it can return without doing so (line %d)", name, c.pass.Fset.Position(early.Pos()).Line),
			Related: []analysis.RelatedInformation{{Pos: early.Pos(), Message: "the goroutine returns here without signalling " + name}},
		})
	}
}

// reportsTestFailure reports a call of testing's Error, Errorf, Fail and
// the like: from there on the test has failed, visibly.
func reportsTestFailure(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	var name string
	var pkg *types.Package
	if call.Call.IsInvoke() {
		name, pkg = call.Call.Method.Name(), call.Call.Method.Pkg()
	} else if callee := call.Call.StaticCallee(); callee != nil && callee.Object() != nil {
		name, pkg = callee.Name(), callee.Object().Pkg()
	}
	if pkg == nil || pkg.Path() != "testing" {
		return false
	}
	switch name {
	case "Error", "Errorf", "Fail", "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
		return true
	}
	return false
}

// unsignalled is the state of a path through a goroutine that has not
// signalled yet: done once it has (or cannot return, or cannot run),
// first the loop headers whose first round the path is in, as ",i,j,".
type unsignalled struct {
	done  bool
	first string
}

// firstRoundEdge follows loop rounds and drops the edges of a branch on
// `counter == c` (or !=) that the first round cannot take, the counter
// being a phi of a loop whose every entry gives it c.
func firstRoundEdge(s unsignalled, b *ssa.BasicBlock, i int) unsignalled {
	if s.done {
		return s
	}
	if iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok && len(b.Succs) == 2 {
		if eq, known := firstRoundCond(s, iff.Cond); known && (eq != (i == 0)) {
			s.done = true // the first round cannot take this edge
			return s
		}
	}
	succ := b.Succs[i]
	if !isLoopHeader(succ) {
		return s
	}
	tag := "," + strconv.Itoa(succ.Index) + ","
	if succ.Dominates(b) {
		s.first = strings.Replace(s.first, tag, ",", 1) // the next round
		if s.first == "," {
			s.first = ""
		}
	} else if !strings.Contains(s.first, tag) {
		if s.first == "" {
			s.first = tag
		} else {
			s.first += tag[1:]
		}
	}
	return s
}

// firstRoundCond evaluates cond when it compares a counter in its first
// round with a constant: eq is the value of the condition.
func firstRoundCond(s unsignalled, cond ssa.Value) (eq, known bool) {
	bin, ok := cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return false, false
	}
	phi, ok := bin.X.(*ssa.Phi)
	c, okc := bin.Y.(*ssa.Const)
	if !ok || !okc {
		phi, ok = bin.Y.(*ssa.Phi)
		c, okc = bin.X.(*ssa.Const)
	}
	if !ok || !okc || c.Value == nil || s.first == "" {
		return false, false
	}
	h := phi.Block()
	if !isLoopHeader(h) || !strings.Contains(s.first, ","+strconv.Itoa(h.Index)+",") {
		return false, false
	}
	entries := 0
	for j, pred := range h.Preds {
		if h.Dominates(pred) {
			continue // a back edge
		}
		entries++
		v, ok := phi.Edges[j].(*ssa.Const)
		if !ok || v.Value == nil || v.Value.Kind() != c.Value.Kind() || !constant.Compare(v.Value, token.EQL, c.Value) {
			return false, false
		}
	}
	if entries == 0 {
		return false, false
	}
	return bin.Op == token.EQL, true
}

// isLoopHeader reports whether some edge into b comes back from a block
// b dominates.
func isLoopHeader(b *ssa.BasicBlock) bool {
	for _, p := range b.Preds {
		if b.Dominates(p) {
			return true
		}
	}
	return false
}
