package missingunlock

import (
	"fmt"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"sort"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
	"github.com/leaklint/leaklint/internal/lockflow"
)

// mixedDiags reports a goroutine that blocks on a channel kept in a field
// of the package while holding a lock that every goroutine on the other
// end of the channel needs before it gets there: neither can move.
//
// The channel model is chansummary's: a field channel whose every use the
// package sees. The other end needs the lock when it holds it at its
// operation, or takes it on a path that leads to the operation (in a
// loop, before the next one), or is a deferred close that runs after a
// lock taken in the function.
func (c *checker) mixedDiags(funcs []*ssa.Function) []analysis.Diagnostic {
	c.locals = localChans(funcs)
	var out []analysis.Diagnostic
	for _, fn := range funcs {
		r := c.results[fn]
		for _, op := range sortedOps(r) {
			if len(op.may) == 0 {
				continue
			}
			if ci, ok := op.op.(*ssa.Call); ok && isGroupWait(ci.Common()) {
				if d, ok := c.waitMixedAt(r, op, ci); ok {
					out = append(out, d)
				}
				continue
			}
			if !isBlocking(op.op) {
				continue
			}
			if d, ok := c.mixedAt(r, op); ok {
				out = append(out, d)
			}
		}
	}
	return out
}

func (c *checker) mixedAt(r *funcResult, op *blockOp) (analysis.Diagnostic, bool) {
	chans, kinds := opChans(op.op)
	if len(chans) == 0 {
		return analysis.Diagnostic{}, false
	}
	for _, t := range slices.Sorted(maps.Keys(op.may)) {
		var other *chansummary.Op
		all := true
		for i, ch := range chans {
			cp, ok := c.otherEndNeeds(op.op, ch, kinds[i], t, r.fn, chainHops)
			if !ok {
				all = false
				break
			}
			if other == nil {
				other = cp
			}
		}
		if !all || other == nil || c.closedWhenFlagged(op.op, chans, kinds, t) {
			continue
		}
		site := r.sites[op.may[t]]
		what := "receives from"
		if kinds[0] == chansummary.Send {
			what = "sends on"
		}
		if len(chans) > 1 {
			what = "waits in a select on"
		}
		chName := c.chanName(chans[0])
		lname := c.lockName(site.instr, site.via)
		pos, end := op.instr.Pos(), op.instr.Pos()
		if op.instr != op.op {
			pos, end = c.node(op.instr)
			what = fmt.Sprintf("calls %s, which %s", calleeName(op.instr), what)
		}
		lockPos, _ := c.node(site.instr)
		related := []analysis.RelatedInformation{
			{Pos: lockPos, Message: "locked here"},
			{Pos: other.Pos(), Message: "the other end, which needs the same lock"},
		}
		chain := ""
		if !c.needsItself(other.Fn, other.Instr, t, r.fn) {
			if wait := c.waitsFirst(other.Fn, other.Instr, t, r.fn, 0); wait != nil {
				ch, _ := soleReceive(wait)
				chain = fmt.Sprintf(", since it first waits on %s (%s) for a goroutine that takes the lock", c.chanName(ch), c.where(wait.Pos()))
				related = append(related, analysis.RelatedInformation{Pos: wait.Pos(), Message: "the other end waits here first, for a goroutine that needs the same lock"})
			}
		}
		msg := fmt.Sprintf("%s %s while holding %s, which the other end of the channel (%s) needs before it gets there%s: both block for ever", what, chName, lname, c.where(other.Pos()), chain)
		return analysis.Diagnostic{Pos: pos, End: end, Message: msg, Related: related}, true
	}
	return analysis.Diagnostic{}, false
}

// waitMixedAt reports a wg.Wait made while holding a lock that every
// goroutine the function starts to count the group down takes before its
// Done: the Wait waits for them, they wait for the lock.
func (c *checker) waitMixedAt(r *funcResult, op *blockOp, wait *ssa.Call) (analysis.Diagnostic, bool) {
	namer := lockflow.NewNamer(r.fn)
	group, ok := namer.Of(wait.Call.Args[0])
	if !ok {
		return analysis.Diagnostic{}, false
	}
	// The Done calls of the goroutines r.fn starts, by goroutine.
	type done struct {
		fn    *ssa.Function
		instr ssa.Instruction
	}
	var dones []done
	for _, b := range r.fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			var callee *ssa.Function
			var roots map[string]lockflow.Key
			switch v := g.Call.Value.(type) {
			case *ssa.MakeClosure:
				callee, _ = v.Fn.(*ssa.Function)
				roots = namer.ClosureRoots(v)
			case *ssa.Function:
				callee, roots = v, namer.CallRoots(g.Common())
			}
			if callee == nil {
				continue
			}
			cn := lockflow.NewNamer(callee)
			for _, cb := range callee.Blocks {
				for _, ci := range cb.Instrs {
					call, ok := ci.(ssa.CallInstruction)
					if !ok || len(call.Common().Args) != 1 {
						continue
					}
					fn := call.Common().StaticCallee()
					if fn == nil {
						continue
					}
					if obj, ok := fn.Object().(*types.Func); !ok || !lockflow.SyncMethod(obj, "WaitGroup", "Done") {
						continue
					}
					k, ok := cn.Of(call.Common().Args[0])
					if !ok || !lockflow.Relative(k.Path) {
						continue
					}
					if sub, ok := lockflow.Subst(k.Path, roots); ok && sub.Path == group.Path {
						dones = append(dones, done{callee, ci})
					}
				}
			}
		}
	}
	if len(dones) == 0 {
		return analysis.Diagnostic{}, false
	}
	// Only a lock held on every path to the Wait: the two ends of a lock
	// taken and released under separate tests of one condition may get
	// different names (two type assertions give two objects), so a path
	// holding it at the Wait may be one the analysis cannot show
	// feasible (nats's jetstream tests lock and unlock a store so).
	for _, t := range slices.Sorted(maps.Keys(op.may)) {
		if !op.must[t] {
			continue
		}
		all := true
		for _, d := range dones {
			if !c.needs(d.fn, d.instr, t, r.fn, chainHops) {
				all = false
				break
			}
		}
		if !all {
			continue
		}
		site := r.sites[op.may[t]]
		lname := c.lockName(site.instr, site.via)
		pos, end := c.node(wait)
		other := dones[0].instr.Pos()
		msg := fmt.Sprintf("waits for the goroutines of %s while holding %s, which they take before their Done (%s): both block for ever", c.lockName(wait, nil), lname, c.where(other))
		lpos, _ := c.node(site.instr)
		return analysis.Diagnostic{Pos: pos, End: end, Message: msg, Related: []analysis.RelatedInformation{
			{Pos: lpos, Message: "locked here"},
			{Pos: other, Message: "the Done, reached only after taking the same lock"},
		}}, true
	}
	return analysis.Diagnostic{}, false
}

func calleeName(instr ssa.Instruction) string {
	if ci, ok := instr.(ssa.CallInstruction); ok {
		if fn := ci.Common().StaticCallee(); fn != nil {
			return fn.Name()
		}
	}
	return "a function"
}

func sortedOps(r *funcResult) []*blockOp {
	var out []*blockOp
	for _, op := range r.ops {
		out = append(out, op)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].instr.Pos() != out[j].instr.Pos() {
			return out[i].instr.Pos() < out[j].instr.Pos()
		}
		return out[i].op.Pos() < out[j].op.Pos()
	})
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

// otherEndNeeds reports whether ch is a closed-world field channel whose
// every operation able to complete kind needs the type-level lock t. A
// send on an unbuffered channel nothing receives from counts when a
// close of it needs t: the closer cannot run, and the sender never
// returns.
func (c *checker) otherEndNeeds(blocker ssa.Instruction, ch ssa.Value, kind chansummary.OpKind, t string, from *ssa.Function, hops int) (*chansummary.Op, bool) {
	f := c.chans.FieldOf(ch)
	if f == nil {
		return c.localOtherEndNeeds(blocker, ch, kind, t, from, hops)
	}
	if f.Open || kind == chansummary.Send && !(f.CapKnown && f.Cap == 0) {
		return nil, false
	}
	var first *chansummary.Op
	var closes []*chansummary.Op
	for i := range f.Ops {
		o := &f.Ops[i]
		var completes bool
		switch kind {
		case chansummary.Send:
			completes = o.Kind == chansummary.Recv
			if o.Kind == chansummary.Close {
				closes = append(closes, o)
			}
		default:
			completes = o.Kind == chansummary.Send || o.Kind == chansummary.Close
		}
		if !completes {
			continue
		}
		if !c.needs(o.Fn, o.Instr, t, from, hops) {
			return nil, false
		}
		if first == nil {
			first = o
		}
	}
	if first == nil && kind == chansummary.Send && f.CapKnown && f.Cap == 0 && len(closes) > 0 {
		for _, o := range closes {
			if !c.needs(o.Fn, o.Instr, t, from, hops) {
				return nil, false
			}
		}
		return closes[0], true
	}
	return first, first != nil
}

// chainHops is how many waits may stand between the other end of a
// channel and the lock it needs (see waitsFirst).
const chainHops = 1

// needs reports whether the goroutine performing o must hold or take the
// type-level lock t to get to o, itself or, up to hops waits away, by
// first waiting for a goroutine that must (see waitsFirst).
func (c *checker) needs(fn *ssa.Function, instr ssa.Instruction, t string, from *ssa.Function, hops int) bool {
	if c.needsItself(fn, instr, t, from) {
		return true
	}
	return hops > 0 && c.waitsFirst(fn, instr, t, from, hops-1) != nil
}

// needsItself is needs without waits in between.
func (c *checker) needsItself(fn *ssa.Function, instr ssa.Instruction, t string, from *ssa.Function) bool {
	r := c.results[fn]
	if r == nil || r.overBudget {
		return false
	}
	if bo := r.ops[[2]ssa.Instruction{instr, instr}]; bo != nil && bo.must[t] {
		return true
	}
	at := r.lockAt[t]
	if len(at) == 0 {
		return false
	}
	// A lock taken before fn starts the blocked goroutine is released
	// before that goroutine can take its own: it does not count.
	starts := c.startsIn(fn, from)
	_, deferred := instr.(*ssa.Defer)
	for _, l := range at {
		// A deferred close runs at the return, after any lock on the
		// way there.
		if !deferred && !reachesInstr(l, instr) {
			continue
		}
		if afterStarts(starts, l) {
			return true
		}
	}
	// Called in a loop: a lock after the operation comes before it on
	// the next call.
	for _, call := range c.callers[fn] {
		if inLoop(call.Block()) {
			return true
		}
	}
	return false
}

// startsIn lists the go statements of fn that start from.
func (c *checker) startsIn(fn, from *ssa.Function) []ssa.Instruction {
	var starts []ssa.Instruction
	for _, g := range c.started[from] {
		if g.Parent() == fn {
			starts = append(starts, g)
		}
	}
	return starts
}

// afterStarts reports whether instr can run after one of starts, or there
// are none.
func afterStarts(starts []ssa.Instruction, instr ssa.Instruction) bool {
	if len(starts) == 0 {
		return true
	}
	for _, g := range starts {
		if reachesInstr(g, instr) {
			return true
		}
	}
	return false
}

// waitsFirst reports whether fn, on every path to instr (to its returns,
// for a deferred instr) and after starting the blocked goroutine when it
// starts it, receives from a channel whose every sender or closer needs
// t: the goroutine of instr waits for one that waits for the lock
// (kubernetes26980: the closer of stopCh first waits on resultCh, which a
// goroutine closes only after taking the lock pop holds). A receive in a
// select with other cases or a default does not count: it may give up.
// Nor does a channel the blocked goroutine itself completes, which it
// may do before it blocks.
func (c *checker) waitsFirst(fn *ssa.Function, instr ssa.Instruction, t string, from *ssa.Function, hops int) ssa.Instruction {
	if r := c.results[fn]; r == nil || r.overBudget {
		return nil
	}
	starts := c.startsIn(fn, from)
	_, deferred := instr.(*ssa.Defer)
	var exits []*ssa.BasicBlock
	if deferred {
		for _, b := range fn.Blocks {
			// The recover block runs after a panic, which no path of
			// the CFG reaches.
			if n := len(b.Instrs); n > 0 && b != fn.Recover {
				if _, ok := b.Instrs[n-1].(*ssa.Return); ok {
					exits = append(exits, b)
				}
			}
		}
		if len(exits) == 0 {
			return nil
		}
	}
	for _, b := range fn.Blocks {
		for _, in := range b.Instrs {
			ch, ok := soleReceive(in)
			if !ok || in == instr {
				continue
			}
			if deferred {
				if !dominatesAll(b, exits) {
					continue
				}
			} else if !precedes(in, instr) {
				continue
			}
			if !afterStarts(starts, in) {
				continue
			}
			if c.completedBy(in, ch, from) {
				continue
			}
			if _, ok := c.otherEndNeeds(in, ch, chansummary.Recv, t, from, hops); ok {
				return in
			}
		}
	}
	return nil
}

// completedBy reports whether a send or close that could complete the
// receive in on ch runs in from.
func (c *checker) completedBy(in ssa.Instruction, ch ssa.Value, from *ssa.Function) bool {
	if f := c.chans.FieldOf(ch); f != nil {
		for i := range f.Ops {
			if o := &f.Ops[i]; o.Kind != chansummary.Recv && o.Fn == from {
				return true
			}
		}
		return false
	}
	for _, lc := range c.locals[chanUse{in, ch}] {
		for _, o := range lc.ops {
			if o.kind != chansummary.Recv && o.fn == from {
				return true
			}
		}
	}
	return false
}

// soleReceive returns the channel instr waits on when it is a receive
// that can complete only by that channel: a receive expression, or a
// blocking select with that one receive case.
func soleReceive(instr ssa.Instruction) (ssa.Value, bool) {
	switch in := instr.(type) {
	case *ssa.UnOp:
		if in.Op == token.ARROW {
			return in.X, true
		}
	case *ssa.Select:
		if in.Blocking && len(in.States) == 1 && in.States[0].Dir == types.RecvOnly {
			return in.States[0].Chan, true
		}
	}
	return nil, false
}

// precedes reports whether a runs on every path to b, before it.
func precedes(a, b ssa.Instruction) bool {
	ab, bb := a.Block(), b.Block()
	if ab != bb {
		return ab.Dominates(bb)
	}
	for _, in := range ab.Instrs {
		switch in {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

func dominatesAll(b *ssa.BasicBlock, bs []*ssa.BasicBlock) bool {
	for _, x := range bs {
		if !b.Dominates(x) {
			return false
		}
	}
	return true
}

func inLoop(b *ssa.BasicBlock) bool {
	_, ok := chanflow.Loops(b.Parent())[b]
	return ok
}

// reachesInstr reports whether a path leads from instruction a to b; an
// instruction reaches itself.
func reachesInstr(a, b ssa.Instruction) bool { return a == b || chanflow.Reaches(a, b) }

// localOtherEndNeeds is otherEndNeeds for a channel made by a function of
// the package: the blocker must act on one local channel only, which
// never leaves the package's sight.
func (c *checker) localOtherEndNeeds(blocker ssa.Instruction, ch ssa.Value, kind chansummary.OpKind, t string, from *ssa.Function, hops int) (*chansummary.Op, bool) {
	lcs := c.locals[chanUse{blocker, ch}]
	if len(lcs) != 1 || lcs[0].open {
		return nil, false
	}
	lc := lcs[0]
	if kind == chansummary.Send && !lc.cap0 {
		return nil, false // a buffer may take the value
	}
	var first *chansummary.Op
	for _, o := range lc.ops {
		completes := o.kind == chansummary.Recv
		if kind != chansummary.Send {
			completes = o.kind == chansummary.Send || o.kind == chansummary.Close
		}
		if !completes || o.instr == blocker {
			continue
		}
		if !c.needs(o.fn, o.instr, t, from, hops) {
			return nil, false
		}
		if first == nil {
			first = &chansummary.Op{Kind: o.kind, Instr: o.instr, Fn: o.fn}
		}
	}
	return first, first != nil
}

// chanOp is one operation on a local channel.
type chanOp struct {
	kind  chansummary.OpKind
	instr ssa.Instruction
	fn    *ssa.Function
	value ssa.Value // the alias of the channel the instruction uses
}

// chanUse is an instruction and the channel value it uses: a select
// uses several.
type chanUse struct {
	instr ssa.Instruction
	ch    ssa.Value
}

// localChan is every operation on a channel made by a function of the
// package, when the channel never leaves what the package can see: it is
// used in its function, the closures that capture it, and the functions
// of the package it is passed to.
type localChan struct {
	ops  []chanOp
	open bool
	cap0 bool
}

// localChans maps each channel operation of the package to the local
// channels it may act on.
func localChans(funcs []*ssa.Function) map[chanUse][]*localChan {
	out := map[chanUse][]*localChan{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				mk, ok := instr.(*ssa.MakeChan)
				if !ok {
					continue
				}
				lc := &localChan{}
				if k, ok := mk.Size.(*ssa.Const); ok && k.Int64() == 0 {
					lc.cap0 = true
				}
				followChan(lc, mk, fn, 0, map[ssa.Value]bool{})
				for _, o := range lc.ops {
					u := chanUse{o.instr, o.value}
					out[u] = append(out[u], lc)
				}
			}
		}
	}
	return out
}

func followChan(lc *localChan, root ssa.Value, fn *ssa.Function, depth int, seen map[ssa.Value]bool) {
	if seen[root] || depth > 4 {
		if depth > 4 {
			lc.open = true
		}
		return
	}
	seen[root] = true
	for _, u := range chanflow.Uses(root) {
		switch u.Kind {
		case chanflow.Recv, chanflow.SelectRecv:
			lc.ops = append(lc.ops, chanOp{chansummary.Recv, u.Instr, fn, u.Value})
		case chanflow.Send, chanflow.SelectSend:
			lc.ops = append(lc.ops, chanOp{chansummary.Send, u.Instr, fn, u.Value})
		case chanflow.Close:
			lc.ops = append(lc.ops, chanOp{chansummary.Close, u.Instr, fn, u.Value})
		case chanflow.Capture:
			if r := chanflow.ClosureRoot(u); r != nil {
				followChan(lc, r, u.Closure, depth+1, seen)
			} else {
				lc.open = true
			}
		case chanflow.Arg:
			if p := chanflow.ParamRoot(u); p != nil {
				followChan(lc, p, u.Callee, depth+1, seen)
			} else {
				lc.open = true
			}
		case chanflow.Harmless:
		default:
			lc.open = true
		}
	}
}

// chanName names a channel as the reports do: its field, or the variable
// it is read from.
func (c *checker) chanName(ch ssa.Value) string {
	if field := c.chans.FieldOf(ch); field != nil {
		return field.Name
	}
	return localChanName(ch)
}

// localChanName names a local channel as its source does: the variable
// it is read from, or the one it was assigned to.
func localChanName(v ssa.Value) string {
	if load, ok := v.(*ssa.UnOp); ok {
		switch x := load.X.(type) {
		case *ssa.FreeVar:
			return x.Name()
		case *ssa.Alloc:
			if x.Comment != "" {
				return x.Comment
			}
		}
	}
	switch x := v.(type) {
	case *ssa.FreeVar:
		return x.Name()
	case *ssa.Parameter:
		return x.Name()
	}
	return chanflow.VarName(v)
}
