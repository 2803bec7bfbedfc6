package lostsend

import (
	"fmt"
	"go/token"
	"math"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
)

// checkFields reports operations on channels kept in struct fields that
// block forever because, across the whole package, nothing can complete
// them: a receive (or range) from a channel that nothing sends on or
// closes, a send on a channel that nothing receives from once its buffer
// is full, and a goroutine whose only way out waits on such a receive.
// Only closed-world fields count (see chansummary): for the others the
// partner may be out of sight.
func (c *checker) checkFields(s *chansummary.Summary) {
	if s == nil {
		return
	}
	fields := make([]*chansummary.Field, 0, len(s.Fields))
	for _, f := range s.Fields {
		if !f.Open && len(f.Ops) > 0 {
			fields = append(fields, f)
		}
	}
	sort.Slice(fields, func(i, j int) bool { return fields[i].Var.Pos() < fields[j].Var.Pos() })

	dead := map[selCase]*chansummary.Field{}             // receive cases that never proceed
	deadRecv := map[ssa.Instruction]*chansummary.Field{} // plain receives that never proceed
	for _, f := range fields {
		if f.Count(chansummary.Send) == 0 && f.Count(chansummary.Close) == 0 {
			for _, op := range f.Ops {
				if op.Select != nil {
					dead[selCase{op.Select, op.Case}] = f
				} else {
					deadRecv[op.Instr] = f
				}
			}
		}
	}
	reported := map[token.Pos]bool{}
	report := func(op chansummary.Op, msg string) {
		at := op.Pos()
		if reported[at] || !s.Runs(op.Fn) || c.ignores.Ignored("lostsend", at) {
			return
		}
		reported[at] = true
		c.pass.Report(analysis.Diagnostic{Pos: at, Message: msg, Related: startedAt(s, op.Fn)})
	}

	for _, f := range fields {
		// A receive nothing can complete.
		if f.Count(chansummary.Send) == 0 && f.Count(chansummary.Close) == 0 {
			for _, op := range f.Ops {
				if !op.Direct {
					continue
				}
				if op.Select == nil {
					report(op, fmt.Sprintf("receive from %s blocks forever, leaking the goroutine: nothing in this package sends on it or closes it", f.Name))
					continue
				}
				if !op.Select.Blocking || !allCases(op.Select, func(k int) bool {
					_, ok := dead[selCase{op.Select, k}]
					return ok || isNilChan(op.Select.States[k].Chan)
				}) || firstCase(op.Select, dead) != op.Case {
					continue
				}
				report(op, fmt.Sprintf("select blocks forever, leaking the goroutine: nothing in this package sends on %s or closes it", f.Name))
			}
		}
		// A send nothing receives.
		if liveOps(s, f, chansummary.Recv) == 0 && !f.RecvOutside && f.CapKnown {
			for _, op := range f.Ops {
				if !op.Direct || op.Kind != chansummary.Send || op.Select != nil {
					continue
				}
				nobody := "nothing in this package receives from it"
				if d := deadOp(s, f, chansummary.Recv); d != nil {
					nobody = fmt.Sprintf("nothing that runs in this package receives from it (%s would, but nothing calls it)", d.Fn.Name())
				}
				if f.Cap == 0 {
					report(op, fmt.Sprintf("send on %s blocks forever, leaking the goroutine: %s and it is unbuffered", f.Name, nobody))
				} else if runs(s, op.Fn, op.Instr.Block(), 0) > f.Cap {
					report(op, fmt.Sprintf("send on %s blocks forever once its buffer of %d is full, leaking the goroutine: %s and this send can run more times than that", f.Name, f.Cap, nobody))
				}
			}
		}
	}

	// A send whose only receiver is a goroutine that may have returned.
	for _, f := range fields {
		c.checkServed(s, f, dead, deadRecv, report)
	}

	// A goroutine whose every way out waits on a receive nothing completes.
	starts := make([]*ssa.Function, 0, len(s.Starts))
	for fn := range s.Starts {
		if fn.Pkg == s.Pkg && fn.Blocks != nil {
			starts = append(starts, fn)
		}
	}
	sort.Slice(starts, func(i, j int) bool { return starts[i].Pos() < starts[j].Pos() })
	for _, fn := range starts {
		gate, f := neverExits(fn, func(b *ssa.BasicBlock, i int) (token.Pos, *chansummary.Field) {
			if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil {
				if f := dead[selCase{sel, k}]; f != nil {
					return sel.States[k].Pos, f
				}
			}
			return token.NoPos, nil
		}, func(instr ssa.Instruction) *chansummary.Field { return deadRecv[instr] })
		if f == nil || reported[gate] || c.ignores.Ignored("lostsend", gate) {
			continue
		}
		reported[gate] = true
		c.pass.Report(analysis.Diagnostic{
			Pos:     gate,
			Message: fmt.Sprintf("goroutine never exits: its only way out is a receive from %s, which nothing in this package sends on or closes", f.Name),
			Related: startedAt(s, fn),
		})
	}
}

func allCases(sel *ssa.Select, ok func(int) bool) bool {
	for k := range sel.States {
		if !ok(k) {
			return false
		}
	}
	return len(sel.States) > 0
}

// selCase is one case of a select statement.
type selCase struct {
	sel *ssa.Select
	k   int
}

func firstCase(sel *ssa.Select, dead map[selCase]*chansummary.Field) int {
	for k := range sel.States {
		if _, ok := dead[selCase{sel, k}]; ok {
			return k
		}
	}
	return -1
}

func isNilChan(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.IsNil()
}

// startedAt is the go statement that runs fn (or the closure holding it)
// as a goroutine, as related information.
func startedAt(s *chansummary.Summary, fn *ssa.Function) []analysis.RelatedInformation {
	for ; fn != nil; fn = fn.Parent() {
		if gos := s.Starts[fn]; len(gos) > 0 {
			return []analysis.RelatedInformation{{Pos: gos[0].Pos(), Message: "the goroutine is started here"}}
		}
	}
	return nil
}

// runs is a lower bound of how many times the block of fn may run: once
// per caller, without bound in a loop.
func runs(s *chansummary.Summary, fn *ssa.Function, b *ssa.BasicBlock, depth int) int64 {
	if _, inLoop := chanflow.Loops(fn)[b]; inLoop {
		return math.MaxInt64
	}
	if depth > 3 || fn.Parent() != nil {
		return 1
	}
	callers := s.CallersOf(fn)
	if len(callers) == 0 {
		return 1
	}
	var n int64
	for _, ci := range callers {
		r := runs(s, ci.Parent(), ci.Block(), depth+1)
		if r == math.MaxInt64 || n+r < n {
			return math.MaxInt64
		}
		n += r
	}
	return n
}

// neverExits reports, for a goroutine body that can return, the first
// receive that every way to a return waits on, when all of them wait on a
// receive nothing completes: cut gives such select cases, blocked such
// plain receives.
func neverExits(fn *ssa.Function, cut func(*ssa.BasicBlock, int) (token.Pos, *chansummary.Field), blocked func(ssa.Instruction) *chansummary.Field) (token.Pos, *chansummary.Field) {
	reach := func(useCuts bool) (exits bool, gate token.Pos, gf *chansummary.Field) {
		seen := make([]bool, len(fn.Blocks))
		work := []*ssa.BasicBlock{fn.Blocks[0]}
		seen[0] = true
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			stopped := false
			for _, instr := range b.Instrs {
				if useCuts {
					if f := blocked(instr); f != nil {
						if gf == nil || instr.Pos() < gate {
							gate, gf = instr.Pos(), f
						}
						stopped = true
						break
					}
				}
				switch instr := instr.(type) {
				case *ssa.Return:
					return true, 0, nil
				case *ssa.Panic:
					if !chanflow.UnreachablePanic(instr) {
						return true, 0, nil
					}
				}
				if chanflow.NoReturn(instr) {
					return true, 0, nil
				}
			}
			if stopped {
				continue
			}
			for i, succ := range b.Succs {
				if useCuts {
					if p, f := cut(b, i); f != nil {
						if gf == nil || p < gate {
							gate, gf = p, f
						}
						continue
					}
				}
				if !seen[succ.Index] {
					seen[succ.Index] = true
					work = append(work, succ)
				}
			}
		}
		return false, gate, gf
	}
	if len(fn.Blocks) == 0 {
		return token.NoPos, nil
	}
	if exits, _, _ := reach(false); !exits {
		return token.NoPos, nil // it never meant to return
	}
	exits, gate, f := reach(true)
	if exits {
		return token.NoPos, nil
	}
	return gate, f
}

// checkServed reports plain sends on an unbuffered field channel whose
// every receive is in one goroutine's loop, when that goroutine can
// return: a send made after it returned has no partner left, as a
// Status call after Stop has none when the run loop that answers it has
// gone.
func (c *checker) checkServed(s *chansummary.Summary, f *chansummary.Field, dead map[selCase]*chansummary.Field, deadRecv map[ssa.Instruction]*chansummary.Field, report func(chansummary.Op, string)) {
	if f.RecvOutside || !f.CapKnown || f.Cap != 0 || f.Count(chansummary.Close) > 0 {
		return
	}
	var g *ssa.Function
	for _, op := range f.Ops {
		if op.Kind != chansummary.Recv {
			continue
		}
		if !op.Direct || g != nil && op.Fn != g {
			return
		}
		g = op.Fn
		if _, inLoop := chanflow.Loops(g)[op.Instr.Block()]; !inLoop {
			return
		}
	}
	if g == nil || !goroutineBody(s, g) {
		return
	}
	// The goroutine must be able to return without taking a value from
	// this channel: otherwise it is the send that ends it.
	isF := map[ssa.Instruction]bool{}
	isCase := map[selCase]bool{}
	for _, op := range f.Ops {
		if op.Kind == chansummary.Recv {
			isF[op.Instr] = true
			if op.Select != nil {
				isCase[selCase{op.Select, op.Case}] = true
			}
		}
	}
	var exit ssa.Instruction
	if _, gf := neverExits(g, func(b *ssa.BasicBlock, i int) (token.Pos, *chansummary.Field) {
		if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil && (isCase[selCase{sel, k}] || dead[selCase{sel, k}] != nil) {
			return sel.Pos(), f
		}
		return token.NoPos, nil
	}, func(instr ssa.Instruction) *chansummary.Field {
		if deadRecv[instr] != nil {
			return f
		}
		if isF[instr] {
			if _, isSel := instr.(*ssa.Select); !isSel {
				return f
			}
		}
		return nil
	}); gf != nil {
		return
	}
	if exit = firstExit(g); exit == nil {
		return
	}
	for _, op := range f.Ops {
		if op.Kind != chansummary.Send || op.Select != nil || !op.Direct || within(op.Fn, g) {
			continue
		}
		// A method of the type that owns the channel: callable at any
		// time, after the goroutine has gone too.
		if n := recvNamed(op.Fn); n == nil || !strings.HasPrefix(f.Name, n.Obj().Name()+".") {
			continue
		}
		// Run by a goroutine of its own, nothing orders the send before
		// the loop's return; a plain call may well be ordered by its
		// caller (submit everything, then stop).
		if !startedAsGoroutine(s, op.Fn) {
			continue
		}
		report(op, fmt.Sprintf("send on %s blocks forever once %s has returned, leaking the goroutine: %s is its only receiver and it returns at line %d",
			f.Name, g.Name(), g.Name(), c.pass.Fset.Position(exit.Pos()).Line))
	}
}

// goroutineBody reports whether fn runs as a goroutine of its own: the
// function of one go statement, or called by the closure of one.
func goroutineBody(s *chansummary.Summary, fn *ssa.Function) bool {
	if len(s.Starts[fn]) == 1 {
		return true
	}
	callers := s.CallersOf(fn)
	if len(callers) != 1 {
		return false
	}
	p := callers[0].Parent()
	return p.Parent() != nil && len(s.Starts[p]) == 1
}

// within reports whether fn is g or a closure inside it.
func within(fn, g *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		if fn == g {
			return true
		}
	}
	return false
}

// firstExit is the first return of fn that a path reaches, or nil.
func firstExit(fn *ssa.Function) ssa.Instruction {
	var exit ssa.Instruction
	for _, b := range fn.Blocks {
		if len(b.Preds) == 0 && b != fn.Blocks[0] {
			continue
		}
		if r, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && r.Pos().IsValid() && (exit == nil || r.Pos() < exit.Pos()) {
			exit = r
		}
	}
	return exit
}

// startedAsGoroutine reports whether fn is the body of a go statement, or
// called directly by one.
func startedAsGoroutine(s *chansummary.Summary, fn *ssa.Function) bool {
	if len(s.Starts[fn]) > 0 {
		return true
	}
	for _, ci := range s.CallersOf(fn) {
		if len(s.Starts[ci.Parent()]) > 0 {
			return true
		}
	}
	return false
}

// liveOps counts the operations of kind k on f outside dead code.
func liveOps(s *chansummary.Summary, f *chansummary.Field, k chansummary.OpKind) int {
	n := 0
	for _, o := range f.Ops {
		if o.Kind == k && !s.Dead(o.Fn) {
			n++
		}
	}
	return n
}

// deadOp is an operation of kind k on f in code that never runs, or nil.
func deadOp(s *chansummary.Summary, f *chansummary.Field, k chansummary.OpKind) *chansummary.Op {
	for i, o := range f.Ops {
		if o.Kind == k && s.Dead(o.Fn) {
			return &f.Ops[i]
		}
	}
	return nil
}
