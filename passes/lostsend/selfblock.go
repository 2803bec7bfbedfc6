package lostsend

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// checkUntouched reports a receive from a channel this function made
// whose only other holder is a goroutine that never uses it: nobody can
// ever send on it or close it, so the receive blocks forever.
func (c *checker) checkUntouched(funcs []*ssa.Function) {
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeChan); ok {
					c.checkUntouchedChan(fn, mc)
				}
			}
		}
	}
}

func (c *checker) checkUntouchedChan(fn *ssa.Function, mc *ssa.MakeChan) {
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
