package chansummary

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// Consumption says how a function consumes a channel parameter.
type Consumption int

const (
	// Unknown: the parameter is also used in ways the summary cannot
	// follow (handed on, sent on, selected on with other cases).
	Unknown Consumption = iota
	// UntilClosed: every return follows a receive that saw the channel
	// closed; the function drains it.
	UntilClosed
	// StopsEarly: only plain receives and range, and some return is
	// reached before the channel is seen closed: the function may return
	// with values left to send.
	StopsEarly
)

// Early is a return that leaves before the channel is seen closed, and
// how many receives (0, 1, or 2 for more) the fewest paths to it make.
type Early struct {
	Return ssa.Instruction
	Recvs  int
}

// Consumes summarises how fn consumes its parameter p, and, for
// StopsEarly, the early return with the fewest receives before it.
func Consumes(fn *ssa.Function, p *ssa.Parameter) (Consumption, Early) {
	if fn.Blocks == nil {
		return Unknown, Early{}
	}
	if ch, ok := p.Type().Underlying().(*types.Chan); !ok || ch.Dir() == types.SendOnly {
		return Unknown, Early{}
	}
	isChan := map[ssa.Value]bool{p: true}
	recvs := 0
	for _, u := range chanflow.Uses(p) {
		isChan[u.Value] = true
		switch u.Kind {
		case chanflow.Recv:
			recvs++
		case chanflow.Harmless:
		default:
			return Unknown, Early{}
		}
	}
	if recvs == 0 {
		return Unknown, Early{}
	}
	// The state: whether the path has seen the channel closed (or ends
	// without returning), and its receives so far, capped at 2.
	type state struct {
		closed bool
		recvs  int
	}
	var early Early
	chanflow.Flow[state]{
		Instr: func(s state, instr ssa.Instruction) state {
			if chanflow.NoReturn(instr) {
				s.closed = true // the path ends here without returning
			}
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW && isChan[u.X] && s.recvs < 2 {
				s.recvs++
			}
			return s
		},
		Edge: func(s state, b *ssa.BasicBlock, i int) state {
			if chanflow.ClosedEdge(b, i, func(v ssa.Value) bool { return isChan[v] }) {
				s.closed = true
			}
			return s
		},
		Exit: func(s state, exit ssa.Instruction) {
			if _, isRet := exit.(*ssa.Return); !isRet || s.closed {
				return
			}
			if early.Return == nil || s.recvs < early.Recvs || s.recvs == early.Recvs && exit.Pos() < early.Return.Pos() {
				early = Early{exit, s.recvs}
			}
		},
		Prune: func(s state) bool { return s.closed },
	}.RunEntry(fn, state{})
	if early.Return != nil {
		return StopsEarly, early
	}
	return UntilClosed, Early{}
}
