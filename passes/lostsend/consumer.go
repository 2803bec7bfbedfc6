package lostsend

import (
	"fmt"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
)

// stopsEarlyFact marks a consumer function that may return before the
// channel parameters it receives from are closed: Params are their
// indexes, Recvs the fewest receives made on a path to such a return
// (2 meaning two or more). A producer handed to it can be left sending.
type stopsEarlyFact struct {
	Params []int
	Recvs  []int
}

func (*stopsEarlyFact) AFact() {}

func (f *stopsEarlyFact) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		parts[i] = strconv.Itoa(p) + ": " + strconv.Itoa(f.Recvs[i])
	}
	return "may return before draining(" + strings.Join(parts, ", ") + ")"
}

// consumer says how a callee consumes a channel argument.
type consumer struct {
	early  bool
	recvs  int             // fewest receives before an early return
	at     ssa.Instruction // the early return, when the callee is local
	callee string
}

// exportStopsEarly records this package's consumers that may return
// before draining, for callers elsewhere.
func (c *checker) exportStopsEarly(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Blocks == nil {
			continue
		}
		var f stopsEarlyFact
		for i, p := range fn.Params {
			if kind, e := chansummary.Consumes(fn, p); kind == chansummary.StopsEarly {
				f.Params = append(f.Params, i)
				f.Recvs = append(f.Recvs, e.Recvs)
			}
		}
		if len(f.Params) > 0 {
			c.pass.ExportObjectFact(obj, &f)
		}
	}
}

func (c *checker) consumerOf(callee *ssa.Function, i int) consumer {
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return consumer{}
	}
	name := funcName(callee)
	if callee.Pkg != nil && callee.Pkg.Pkg == c.pass.Pkg {
		if i >= len(callee.Params) {
			return consumer{}
		}
		kind, e := chansummary.Consumes(callee, callee.Params[i])
		return consumer{early: kind == chansummary.StopsEarly, recvs: e.Recvs, at: e.Return, callee: name}
	}
	var f stopsEarlyFact
	if c.pass.ImportObjectFact(obj, &f) {
		for j, p := range f.Params {
			if p == i && j < len(f.Recvs) {
				return consumer{early: true, recvs: f.Recvs[j], callee: name}
			}
		}
	}
	return consumer{}
}

// checkConsumer reports a channel whose goroutines send more values than
// the one function it is handed to may take before it returns: the
// consumer stops early (on the first error, say) and the rest block.
func (c *checker) checkConsumer(mc *ssa.MakeChan) {
	buffer, ok := constInt(mc.Size)
	if !ok {
		return
	}
	var senders []sender
	var cons consumer
	var handed ssa.Instruction
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Capture, chanflow.Arg:
			if _, isGo := u.Instr.(*ssa.Go); isGo || u.Kind == chanflow.Capture {
				snd, ok := c.startedSender(u)
				if !ok {
					return
				}
				senders = append(senders, snd)
				continue
			}
			if handed != nil {
				return
			}
			cons = c.consumerOf(u.Callee, u.Index)
			if !cons.early {
				return
			}
			handed = u.Instr
		default:
			return
		}
	}
	if handed == nil || len(senders) == 0 {
		return
	}
	var total amount
	for _, s := range senders {
		total = total.add(s.sends)
	}
	if !total.exceeds(exactly(int64(cons.recvs)), buffer) || cons.recvs >= 2 && total.isConst() {
		return
	}
	s := senders[0]
	if c.ignores.Ignored("lostsend", s.at) {
		return
	}
	how := "once"
	if !total.isConst() {
		how = "in a loop"
	} else if total.n > 1 {
		how = fmt.Sprintf("%d times", total.n)
	}
	d := analysis.Diagnostic{
		Pos:     s.at,
		Message: fmt.Sprintf("send may block forever, leaking the goroutine: the goroutine sends on %s %s, but %s may return before draining it", c.chanName(mc), how, cons.callee),
		Related: []analysis.RelatedInformation{{Pos: handed.Pos(), Message: "the channel is handed to " + cons.callee + " here"}},
	}
	if cons.at != nil && cons.at.Pos().IsValid() {
		d.Message += fmt.Sprintf(" (it returns at line %d without seeing the channel closed)", c.pass.Fset.Position(cons.at.Pos()).Line)
	}
	c.pass.Report(d)
}
