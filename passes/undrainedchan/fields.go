package undrainedchan

import (
	"fmt"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
)

// checkStored looks at a producer's channel that the function stores in a
// struct field instead of consuming it. Storing hands the duty over to
// whoever reads the field; when the field is the package's own and nothing
// in the package (that runs) ever receives from it, and it does not leave
// the package, nobody will: the producer blocks on its first send that the
// buffer does not take.
func (c *checker) checkStored(call *ssa.Call, ch ssa.Value, p producer) {
	s := c.pass.ResultOf[chansummary.Analyzer].(*chansummary.Lazy).Summary()
	if s == nil || ch == nil {
		return
	}
	for _, u := range chanflow.Uses(ch) {
		st, ok := u.Instr.(*ssa.Store)
		if !ok || st.Val != u.Value {
			continue
		}
		// Only into a value this function makes: a field of a value
		// handed in belongs to its owner's protocol.
		if fa, ok := st.Addr.(*ssa.FieldAddr); !ok || !isAlloc(fa.X) || leaves(fa.X) {
			continue
		}
		f := s.StoredIn(st)
		if f == nil || f.Escapes || f.RecvOutside || s.LiveRecvs(f) > 0 {
			continue
		}
		pos := call.Pos()
		if expr := callExpr(c.pass, call.Pos()); expr != nil {
			pos = expr.Pos()
		}
		if c.ignores.Ignored("undrainedchan", pos) {
			return
		}
		c.pass.Report(analysis.Diagnostic{
			Pos:      pos,
			Category: "undrainedchan",
			Message:  fmt.Sprintf("the channel from %s is stored in %s, which nothing in this package receives from: the producer goroutine blocks forever", p.name, f.Name),
			Related:  []analysis.RelatedInformation{{Pos: st.Pos(), Message: "stored here"}},
		})
		return
	}
}

// leaves reports whether the value a function made goes anywhere but to
// its own fields and the methods of its type: returned, stored, passed on,
// its owner is then elsewhere.
func leaves(obj ssa.Value) bool {
	for _, r := range *obj.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr, *ssa.DebugRef:
		case *ssa.Store:
			if r.Val == obj {
				return true
			}
		case ssa.CallInstruction:
			cc := r.Common()
			callee := cc.StaticCallee()
			if callee == nil || callee.Signature.Recv() == nil || len(cc.Args) == 0 || cc.Args[0] != obj {
				return true
			}
			for _, a := range cc.Args[1:] {
				if a == obj {
					return true
				}
			}
		default:
			return true
		}
	}
	return false
}

func isAlloc(v ssa.Value) bool {
	_, ok := v.(*ssa.Alloc)
	return ok
}
