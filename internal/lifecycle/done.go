package lifecycle

import (
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// This file finds where a context is provably done, for kinds whose
// resource is the cancel function of a context made by the same call
// (Kind.DoneContext). A done context has released what its cancel
// function would release (its timer, its place among its parent's
// children), so a path on which it is done leaks nothing, whether its
// cancel function was discarded, deferred in a loop or overwritten.
//
// A context is done after
//   - a receive from its Done channel, or on the edge out of a select
//     whose case on that channel was taken;
//   - on the edge where its Err() (or context.Cause) was found non-nil,
//     equal to context.Canceled or context.DeadlineExceeded, or
//     errors.Is one of these;
//   - the same, on an error that a helper returns only once the context
//     it was given is done, and after a call of a helper that returns only
//     once that context is done (both learnt as facts);
//   - any of these for its parent (or the parent's parent), or a call of
//     the parent's cancel function: cancelling a parent cancels its
//     children, and a child made from a done parent is born done.

// ctxUse is what a function does with a context.Context parameter, for
// its callers: Waits, it returns only once the context is done; Errs, the
// error results it sets only once the context is done.
type ctxUse struct {
	Index int
	Waits bool
	Errs  []int
}

// doneTracker collects the done points of one context in one function.
type doneTracker struct {
	e       *Engine
	seen    map[ssa.Value]bool
	errVals map[ssa.Value]bool
	instrs  map[ssa.Instruction]bool    // done after these
	edges   map[[2]*ssa.BasicBlock]bool // done on these edges
}

func newDoneTracker(e *Engine) *doneTracker {
	return &doneTracker{
		e:       e,
		seen:    make(map[ssa.Value]bool),
		errVals: make(map[ssa.Value]bool),
		instrs:  make(map[ssa.Instruction]bool),
		edges:   make(map[[2]*ssa.BasicBlock]bool),
	}
}

// trackContext records in f where the context made by acq is done. It
// reports whether the context is born done: its parent is provably done
// (cancelled, say) on every path to the acquisition.
func (f *flow) trackContext(acq acquisition) (bornDone bool) {
	call, ok := acq.instr.(*ssa.Call)
	// Only package context's own constructors are known to release
	// nothing more than their context: signal.NotifyContext's stop also
	// unregisters the signals, and a wrapper's cancel may close more.
	if !ok || acq.callee == nil || acq.callee.Pkg() == nil || acq.callee.Pkg().Path() != "context" {
		return false
	}
	t := newDoneTracker(f.e)
	if _, ok := call.Type().(*types.Tuple); ok {
		for _, ref := range *call.Referrers() {
			if ex, ok := ref.(*ssa.Extract); ok && ex.Index != acq.result && isContextType(ex.Type()) {
				t.context(ex)
			}
		}
	}
	// The ancestors made in this function: done, they make it done.
	parents := newDoneTracker(f.e)
	parent := parentOf(call)
	for depth := 0; parent != nil && depth < 8; depth++ {
		parents.context(parent)
		if cancel := cancelOf(parent); cancel != nil {
			parents.cancelCalls(cancel, make(map[ssa.Value]bool))
		}
		parent = parentOfContext(parent)
	}
	for instr := range parents.instrs {
		if precedes(instr, call) {
			bornDone = true
		}
	}
	if f.done == nil {
		f.done = make(map[ssa.Instruction]bool)
		f.doneEdges = make(map[[2]*ssa.BasicBlock]bool)
	}
	for _, tr := range []*doneTracker{t, parents} {
		for instr := range tr.instrs {
			f.done[instr] = true
		}
		for edge := range tr.edges {
			f.doneEdges[edge] = true
		}
	}
	return bornDone
}

// parentOf returns the parent context argument of a context
// constructor's call, or nil.
func parentOf(call *ssa.Call) ssa.Value {
	callee := call.Call.StaticCallee()
	if callee == nil || !isContextConstructor(funcObject(callee)) || len(call.Call.Args) == 0 {
		return nil
	}
	if arg := call.Call.Args[0]; isContextType(arg.Type()) {
		return arg
	}
	return nil
}

// parentOfContext returns the parent of ctx, when ctx was made in this
// function by a context constructor or context.WithValue, or nil.
func parentOfContext(ctx ssa.Value) ssa.Value {
	switch v := ctx.(type) {
	case *ssa.ChangeInterface:
		return parentOfContext(v.X)
	case *ssa.Extract:
		if c, ok := v.Tuple.(*ssa.Call); ok && v.Index == 0 {
			return parentOf(c)
		}
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "context" &&
			callee.Name() == "WithValue" && len(v.Call.Args) > 0 {
			return v.Call.Args[0]
		}
	}
	return nil
}

// isContextConstructor reports whether fn makes a child context that is
// done when its parent, the first argument, is: context.With* (but
// WithoutCancel) and signal.NotifyContext.
func isContextConstructor(fn *types.Func) bool {
	if fn == nil || fn.Pkg() == nil {
		return false
	}
	switch fn.Pkg().Path() {
	case "context":
		return strings.HasPrefix(fn.Name(), "With") && fn.Name() != "WithoutCancel"
	case "os/signal":
		return fn.Name() == "NotifyContext"
	}
	return false
}

// nilContext reports whether acq is a context constructor called with a
// nil parent, which panics and so makes nothing to release.
func nilContext(acq acquisition) bool {
	call, ok := acq.instr.(*ssa.Call)
	if !ok || !isContextConstructor(acq.callee) || len(call.Call.Args) == 0 {
		return false
	}
	return isNil(call.Call.Args[0])
}

func isContextType(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// context follows v, a context, through copies and the variables it is
// stored in, and records its done points.
func (t *doneTracker) context(v ssa.Value) {
	if t.seen[v] {
		return
	}
	t.seen[v] = true
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.ChangeInterface, *ssa.MakeInterface, *ssa.ChangeType:
			t.context(r.(ssa.Value))
		case *ssa.Store:
			t.loads(r, t.context)
		case *ssa.Call:
			t.call(r, v)
		}
	}
}

// loads applies follow to the loads of the variable s stores into, when
// s is the only store to it: a context captured by a closure lives in one.
func (t *doneTracker) loads(s *ssa.Store, follow func(ssa.Value)) {
	alloc, ok := s.Addr.(*ssa.Alloc)
	if !ok || storedOnce(alloc) != s.Val {
		return
	}
	for _, r := range *alloc.Referrers() {
		if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL {
			follow(load)
		}
	}
}

func (t *doneTracker) call(call *ssa.Call, ctx ssa.Value) {
	common := &call.Call
	if common.IsInvoke() {
		if common.Value != ctx {
			return
		}
		switch common.Method.Name() {
		case "Done":
			t.doneChan(call)
		case "Err":
			t.errVal(call)
		}
		return
	}
	callee := common.StaticCallee()
	if callee == nil {
		return
	}
	obj := funcObject(callee)
	if obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "context" {
		switch obj.Name() {
		case "Cause":
			t.errVal(call)
		case "WithValue":
			// Shares its parent's Done channel.
			if len(common.Args) > 0 && common.Args[0] == ctx {
				t.context(call)
			}
		}
		return
	}
	for j, arg := range common.Args {
		if arg != ctx {
			continue
		}
		u := t.e.ctxParam(callee, j)
		if u.Waits {
			t.instrs[call] = true
		}
		for _, r := range u.Errs {
			if _, ok := call.Type().(*types.Tuple); !ok {
				t.errVal(call)
				continue
			}
			for _, ref := range *call.Referrers() {
				if ex, ok := ref.(*ssa.Extract); ok && ex.Index == r {
					t.errVal(ex)
				}
			}
		}
	}
}

// doneChan records the receives from ch, a context's Done channel.
func (t *doneTracker) doneChan(ch ssa.Value) {
	if t.seen[ch] {
		return
	}
	t.seen[ch] = true
	for _, r := range *ch.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.ARROW {
				t.instrs[r] = true
			}
		case *ssa.Select:
			for k, st := range r.States {
				if st.Chan == ch && st.Dir == types.RecvOnly {
					t.selectCase(r, k)
				}
			}
		case *ssa.ChangeType:
			t.doneChan(r)
		case *ssa.Store:
			t.loads(r, t.doneChan)
		}
	}
}

// selectCase records the edge on which sel took case k.
func (t *doneTracker) selectCase(sel *ssa.Select, k int) {
	for _, r := range *sel.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok || ex.Index != 0 {
			continue
		}
		for _, rr := range *ex.Referrers() {
			cmp, ok := rr.(*ssa.BinOp)
			if !ok || cmp.Op != token.EQL {
				continue
			}
			other := cmp.Y
			if cmp.Y == ex {
				other = cmp.X
			}
			c, ok := other.(*ssa.Const)
			if !ok || c.Value == nil || c.Int64() != int64(k) {
				continue
			}
			t.branch(cmp, true)
		}
	}
}

// branch records the edges out of the ifs on cond taken when cond is
// want.
func (t *doneTracker) branch(cond ssa.Value, want bool) {
	for _, r := range *cond.Referrers() {
		switch r := r.(type) {
		case *ssa.If:
			b := r.Block()
			succ := b.Succs[0]
			if !want {
				succ = b.Succs[1]
			}
			t.edges[[2]*ssa.BasicBlock{b, succ}] = true
		case *ssa.UnOp:
			if r.Op == token.NOT {
				t.branch(r, !want)
			}
		}
	}
}

// errVal records the tests of v, an error that is non-nil only once the
// context is done.
func (t *doneTracker) errVal(v ssa.Value) {
	if t.errVals[v] {
		return
	}
	t.errVals[v] = true
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.BinOp:
			other := r.Y
			if r.Y == v {
				other = r.X
			}
			switch {
			case isNil(other):
				// err != nil, or the else of err == nil.
				if r.Op == token.NEQ {
					t.branch(r, true)
				} else if r.Op == token.EQL {
					t.branch(r, false)
				}
			case isContextSentinel(other):
				if r.Op == token.EQL {
					t.branch(r, true)
				} else if r.Op == token.NEQ {
					t.branch(r, false)
				}
			}
		case *ssa.Call:
			if callee := r.Call.StaticCallee(); callee != nil && callee.Pkg != nil && callee.Pkg.Pkg.Path() == "errors" && callee.Name() == "Is" &&
				len(r.Call.Args) == 2 && r.Call.Args[0] == v && isContextSentinel(r.Call.Args[1]) {
				t.branch(r, true)
			}
		case *ssa.Store:
			t.loads(r, t.errVal)
		}
	}
}

// isContextSentinel reports whether v is context.Canceled or
// context.DeadlineExceeded.
func isContextSentinel(v ssa.Value) bool {
	if mi, ok := v.(*ssa.MakeInterface); ok {
		v = mi.X
	}
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	g, ok := load.X.(*ssa.Global)
	if !ok || g.Pkg == nil || g.Pkg.Pkg.Path() != "context" {
		return false
	}
	return g.Name() == "Canceled" || g.Name() == "DeadlineExceeded"
}

// cancelCalls records the calls of cancel, a cancel function: after
// them its context is done.
func (t *doneTracker) cancelCalls(cancel ssa.Value, seen map[ssa.Value]bool) {
	if seen[cancel] {
		return
	}
	seen[cancel] = true
	for _, r := range *cancel.Referrers() {
		switch r := r.(type) {
		case *ssa.Call:
			if r.Call.Value == cancel {
				t.instrs[r] = true
			}
		case *ssa.ChangeType:
			t.cancelCalls(r, seen)
		case *ssa.Store:
			t.loads(r, func(v ssa.Value) { t.cancelCalls(v, seen) })
		}
	}
}

// ctxParam says what fn does with its parameter j, a context.
func (e *Engine) ctxParam(fn *ssa.Function, j int) ctxUse {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if !e.kind.DoneContext {
		return ctxUse{}
	}
	if e.local(fn) {
		if j >= len(fn.Params) || !isContextType(fn.Params[j].Type()) {
			return ctxUse{}
		}
		k := paramKey{fn, j, ""}
		if u, ok := e.ctxParams[k]; ok {
			if u == nil { // recursion
				return ctxUse{}
			}
			return *u
		}
		if e.ctxParams == nil {
			e.ctxParams = make(map[paramKey]*ctxUse)
		}
		e.ctxParams[k] = nil
		u := e.computeCtxParam(fn, j)
		e.ctxParams[k] = &u
		return u
	}
	obj := funcObject(fn)
	if obj == nil {
		return ctxUse{}
	}
	f := e.kind.Facts.newFunc()
	if !e.pass.ImportObjectFact(obj, f) {
		return ctxUse{}
	}
	for _, u := range f.data().Contexts {
		if u.Index == j {
			return u
		}
	}
	return ctxUse{}
}

// computeCtxParam finds the returns of fn reachable from its entry
// without passing a done point of parameter j.
func (e *Engine) computeCtxParam(fn *ssa.Function, j int) ctxUse {
	u := ctxUse{Index: j}
	if len(fn.Blocks) == 0 {
		return u
	}
	t := newDoneTracker(e)
	t.context(fn.Params[j])
	if len(t.instrs) == 0 && len(t.edges) == 0 {
		return u
	}
	var returns []*ssa.Return
	seen := make(map[*ssa.BasicBlock]bool)
	var walk func(b *ssa.BasicBlock)
	walk = func(b *ssa.BasicBlock) {
		if seen[b] {
			return
		}
		seen[b] = true
		for _, instr := range b.Instrs {
			if t.instrs[instr] || endsPath(instr) {
				return
			}
			if ret, ok := instr.(*ssa.Return); ok {
				returns = append(returns, ret)
				return
			}
		}
		for _, succ := range b.Succs {
			if !t.edges[[2]*ssa.BasicBlock{b, succ}] {
				walk(succ)
			}
		}
	}
	walk(fn.Blocks[0])
	u.Waits = len(returns) == 0
	if u.Waits {
		return u
	}
	res := fn.Signature.Results()
	errType := types.Universe.Lookup("error").Type()
	for r := range res.Len() {
		if !types.Identical(res.At(r).Type(), errType) {
			continue
		}
		ok := true
		for _, ret := range returns {
			if r >= len(ret.Results) || !t.onlyIfDone(ret.Results[r], make(map[ssa.Value]bool)) {
				ok = false
				break
			}
		}
		if ok {
			u.Errs = append(u.Errs, r)
		}
	}
	return u
}

// onlyIfDone reports whether v is nil or an error that is non-nil only
// once the context is done.
func (t *doneTracker) onlyIfDone(v ssa.Value, seen map[ssa.Value]bool) bool {
	if isNil(v) || t.errVals[v] {
		return true
	}
	phi, ok := v.(*ssa.Phi)
	if !ok || seen[v] {
		return ok
	}
	seen[v] = true
	for _, edge := range phi.Edges {
		if !t.onlyIfDone(edge, seen) {
			return false
		}
	}
	return true
}

// endsPath reports whether the goroutine never goes on past instr: a
// panic, or a call that exits the process or the goroutine or stops a
// test. A context left behind on such a path is not this function's
// leak to report.
func endsPath(instr ssa.Instruction) bool {
	if _, ok := instr.(*ssa.Panic); ok {
		return true
	}
	return chanflow.NoReturn(instr)
}
