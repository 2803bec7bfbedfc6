package undrainedchan

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// checkCall reports the producer started by call when some path out of fn
// leaves it blocked.
func (c *checker) checkCall(fn *ssa.Function, call *ssa.Call, callee *ssa.Function, p producer) {
	if p.selfReleasing || p.Result < 0 || p.Result >= call.Call.Signature().Results().Len() {
		return
	}
	if p.chunks && alwaysFails(call) {
		return
	}
	ch := resultValue(call, p.Result)
	cons := c.consumerOf(ch)
	// A blank assignment may still extract the result: what counts is
	// that nothing uses it.
	discarded := ch == nil || !cons.received && len(cons.aliases) == 1 && onlyDebugRefs(ch)
	if cons.handedOver {
		c.checkStored(call, ch, p)
		return
	}
	rel := c.releaseOf(fn, call, callee, p)
	if rel.outside {
		return
	}
	leak := c.firstLeak(fn, call, cons, p, rel)
	if leak == nil {
		return
	}
	pos, end := call.Pos(), call.Pos()
	name := "the channel"
	if expr := callExpr(c.pass, call.Pos()); expr != nil {
		pos, end = expr.Pos(), expr.End()
		if n, ok := resultName(c.pass, expr, p.Result); ok && n != "" {
			name = n
		}
	}
	if c.ignores.Ignored("undrainedchan", pos) {
		return
	}
	discarded = discarded || name == "_"
	var what string
	switch {
	case discarded:
		what = fmt.Sprintf("the channel from %s is discarded", p.name)
	case !cons.received:
		what = fmt.Sprintf("%s from %s is never received from", name, p.name)
	case leak.looped || receivesInLoop(fn, call, cons):
		what = fmt.Sprintf("the loop receiving from %s (from %s) can end before it is closed", name, p.name)
	case leak.recvs == 0:
		// Received elsewhere (a select case, another branch), but not on
		// the path that leaks: name that path.
		what = fmt.Sprintf("%s from %s is not received from on the path to the return at line %d", name, p.name, c.pass.Fset.Position(exitPos(fn, leak.exit)).Line)
	case leak.recvs == 1:
		what = fmt.Sprintf("%s from %s is received only once", name, p.name)
	default:
		what = fmt.Sprintf("%s from %s is received only %d times", name, p.name, leak.recvs)
	}
	var why string
	switch {
	case p.closeRecv:
		why = "the stream is not closed on that path"
	case p.Ctx < 0 || !p.Releases:
		why = "cancelling a context does not release this producer"
	case !rel.cancellable:
		why = "its context cannot be cancelled by this function"
	default:
		why = "its context is not cancelled on that path"
	}
	exitMsg := "this return is reached with the channel neither drained nor released"
	if _, isPanic := leak.exit.(*ssa.Panic); isPanic {
		exitMsg = "this panic leaves with the channel neither drained nor released"
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:      pos,
		End:      end,
		Category: "undrainedchan",
		Message:  fmt.Sprintf("%s and %s: the producer goroutine blocks forever", what, why),
		Related:  []analysis.RelatedInformation{{Pos: exitPos(fn, leak.exit), Message: exitMsg}},
	})
}

func onlyDebugRefs(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		if _, ok := r.(*ssa.DebugRef); !ok {
			return false
		}
	}
	return true
}

func receivesInLoop(fn *ssa.Function, call *ssa.Call, cons consumer) bool {
	loops := chanflow.Loops(fn)
	for instr := range cons.recvs {
		if receiveLoop(loops, instr.Block(), call) {
			return true
		}
	}
	for sel := range cons.selectCases {
		if receiveLoop(loops, sel.Block(), call) {
			return true
		}
	}
	return false
}
