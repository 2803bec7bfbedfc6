package undrainedchan

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/directive"
)

const (
	streamPath  = "github.com/leaklint/leaklint/stream"
	runtimePath = "github.com/leaklint/leaklint/runtime"
)

// producerFact marks a function whose channel result is fed by a goroutine
// that only the consumer (or a cancelled context) releases.
type producerFact struct {
	Result   int  // index of the channel result
	Ctx      int  // index of the context parameter, -1 when there is none
	Releases bool // cancelling that context releases the producer
	Once     bool // the producer sends at most one value
	// Sourced: the goroutine returns only once a method call on
	// parameter Source fails (`for { v, err := sub.Next(ctx); ch <- ...;
	// if err != nil { return } }`), its last send fitting the buffer: a
	// consumer that calls another method on that value (Unsubscribe,
	// Close) may end it.
	Sourced bool
	Source  int
}

func (*producerFact) AFact() {}

func (f *producerFact) String() string {
	s := fmt.Sprintf("producer(result %d", f.Result)
	if f.Ctx >= 0 {
		s += fmt.Sprintf(", ctx param %d", f.Ctx)
		if f.Releases {
			s += " releases"
		}
	}
	if f.Once {
		s += ", sends once"
	}
	if f.Sourced {
		s += fmt.Sprintf(", ends with param %d", f.Source)
	}
	return s + ")"
}

// drainsFact marks a function that receives from its channel parameters
// until they are closed, or keeps them (Params): a caller passing a
// producer's channel to it hands the duty over. Recvs are the other channel
// parameters it receives from at least once on every path: a call is one
// receive, which releases a producer that sends once.
type drainsFact struct {
	Params []int
	Recvs  []int
}

func (*drainsFact) AFact() {}

func (f *drainsFact) String() string {
	var s []string
	if len(f.Params) > 0 {
		s = append(s, "drains("+joinInts(f.Params)+")")
	}
	if len(f.Recvs) > 0 {
		s = append(s, "receives("+joinInts(f.Recvs)+")")
	}
	return strings.Join(s, " ")
}

func joinInts(xs []int) string {
	parts := make([]string, len(xs))
	for i, p := range xs {
		parts[i] = fmt.Sprint(p)
	}
	return strings.Join(parts, ", ")
}

// producer describes one producer at a call site.
type producer struct {
	name string
	producerFact
	// closeRecv: Close on the receiver releases the producer too, as for
	// StreamingContext.Channel.
	closeRecv bool
	// selfReleasing: the producer is released by its owner whatever the
	// caller does, as the StreamingTestHelper cancels its producers when
	// the test function returns. It still makes its callers' wrappers
	// nothing: the duty never reaches them.
	selfReleasing bool
	// chunks: the stream package's protocol, where a Chunk carrying an Err
	// is the last value and bad arguments fail before any goroutine starts.
	chunks bool
}

// funcKey names a function as "path.Func" or "path.Type.Method".
func funcKey(obj *types.Func) string {
	if obj.Pkg() == nil {
		return ""
	}
	sig := obj.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return obj.Pkg().Path() + "." + n.Obj().Name() + "." + obj.Name()
		}
		return ""
	}
	return obj.Pkg().Path() + "." + obj.Name()
}

// known are the producers of this module.
var known = map[string]producer{
	streamPath + ".StreamJSON":                        {name: "stream.StreamJSON", producerFact: producerFact{Result: 0, Ctx: 0, Releases: true}, chunks: true},
	streamPath + ".StreamReader":                      {name: "stream.StreamReader", producerFact: producerFact{Result: 0, Ctx: 0, Releases: true}, chunks: true},
	runtimePath + ".StreamingTestHelper.StreamJSON":   {name: "StreamingTestHelper.StreamJSON", producerFact: producerFact{Result: 0, Ctx: 0, Releases: true}, chunks: true, selfReleasing: true},
	runtimePath + ".StreamingTestHelper.StreamReader": {name: "StreamingTestHelper.StreamReader", producerFact: producerFact{Result: 0, Ctx: 0, Releases: true}, chunks: true, selfReleasing: true},
	streamPath + ".StreamingContext.Channel":          {name: "StreamingContext.Channel", producerFact: producerFact{Result: 0, Ctx: -1, Releases: true}, closeRecv: true},
}

// knownDrains are functions of this module that drain a channel argument.
var knownDrains = map[string]int{
	streamPath + ".StreamingResultBuilder.Consume": 0,
}

// fromSignature describes a producer named by a directive or the flag: its
// first channel result, its first context parameter.
func fromSignature(obj *types.Func) (producerFact, bool) {
	sig := obj.Type().(*types.Signature)
	f := producerFact{Result: -1, Ctx: -1, Releases: true}
	for i := range sig.Results().Len() {
		if isRecvChan(sig.Results().At(i).Type()) {
			f.Result = i
			break
		}
	}
	for i := range sig.Params().Len() {
		if isContext(sig.Params().At(i).Type()) {
			f.Ctx = i
			break
		}
	}
	return f, f.Result >= 0
}

func isRecvChan(t types.Type) bool {
	ch, ok := t.Underlying().(*types.Chan)
	return ok && ch.Dir() != types.SendOnly
}

func isContext(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "context" && n.Obj().Name() == "Context"
}

// funcObj is the declared function behind fn, for generic instances too.
func funcObj(fn *ssa.Function) *types.Func {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// producerOf tells whether callee is a producer, from the tables, the flag,
// this package's inference or an imported fact.
func (c *checker) producerOf(callee *ssa.Function) (producer, bool) {
	obj := funcObj(callee)
	if obj == nil {
		return producer{}, false
	}
	key := funcKey(obj)
	if p, ok := known[key]; ok {
		return p, true
	}
	name := obj.Name()
	if obj.Pkg() != nil {
		name = obj.Pkg().Name() + "." + name
	}
	if c.extra[key] {
		if f, ok := fromSignature(obj); ok {
			return producer{name: name, producerFact: f}, true
		}
	}
	if f, ok := c.inferred[obj]; ok {
		return producer{name: name, producerFact: *f}, true
	}
	var f producerFact
	if obj.Pkg() != c.pass.Pkg && c.pass.ImportObjectFact(obj, &f) {
		return producer{name: name, producerFact: f}, true
	}
	return producer{}, false
}

// inferProducers finds this package's producers and exports them as facts.
// A wrapper that returns another producer's channel is one too, so the
// search repeats until it finds nothing new.
func (c *checker) inferProducers(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj := funcObj(fn)
		if obj == nil || fn.Parent() != nil {
			continue
		}
		if decl, ok := fn.Syntax().(*ast.FuncDecl); ok {
			if _, ok := directive.Find(directive.Producer, decl.Doc); ok {
				if f, ok := fromSignature(obj); ok {
					c.inferred[obj] = &f
				}
			}
		}
	}
	for round := 0; round < 4; round++ {
		changed := false
		for _, fn := range funcs {
			obj := funcObj(fn)
			if obj == nil || fn.Parent() != nil || c.inferred[obj] != nil {
				continue
			}
			if f, ok := c.inferOne(fn); ok {
				c.inferred[obj] = &f
				changed = true
			}
		}
		if !changed {
			break
		}
	}
	for obj, f := range c.inferred {
		c.pass.ExportObjectFact(obj, f)
	}
}

// inferOne reports whether fn returns a channel fed by a goroutine it
// starts, or the channel of another producer it calls.
func (c *checker) inferOne(fn *ssa.Function) (producerFact, bool) {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.MakeChan:
				if f, ok := c.inferMade(fn, instr); ok {
					return f, true
				}
			case *ssa.Call:
				callee := instr.Call.StaticCallee()
				if callee == nil || callee == fn {
					continue
				}
				p, ok := c.producerOf(callee)
				if !ok || p.closeRecv || p.selfReleasing {
					continue
				}
				ch := resultValue(instr, p.Result)
				if ch == nil {
					continue
				}
				for _, u := range chanflow.Uses(ch) {
					if u.Kind != chanflow.Return {
						continue
					}
					f := producerFact{Result: u.Index, Ctx: -1, Releases: p.Releases, Once: p.Once}
					if ctx := ctxArg(instr.Common(), callee, p.Ctx); ctx != nil {
						if param, ok := ctx.(*ssa.Parameter); ok {
							f.Ctx = paramIndex(fn, param)
						}
					}
					return f, true
				}
			}
		}
	}
	return producerFact{}, false
}

func (c *checker) inferMade(fn *ssa.Function, mc *ssa.MakeChan) (producerFact, bool) {
	f := producerFact{Result: -1, Ctx: -1, Releases: true}
	g := goSends{selectsDone: true, selectsStop: true, bounded: true}
	for _, u := range chanflow.Uses(mc) {
		switch u.Kind {
		case chanflow.Return:
			f.Result = u.Index
		case chanflow.Capture:
			root := chanflow.ClosureRoot(u)
			if root == nil || !startedByGo(u.Instr) {
				continue
			}
			g.count(root)
			g.bodies = append(g.bodies, u.Closure)
		case chanflow.Arg:
			// `go pump(ctx, ch)`: the goroutine is the callee itself.
			if _, isGo := u.Instr.(*ssa.Go); !isGo {
				continue
			}
			if root := chanflow.ParamRoot(u); root != nil {
				g.count(root)
			} else {
				// Out of sight: assume many sends that honour the context.
				g.unknown()
			}
		}
	}
	if f.Result < 0 || g.sends == 0 && g.bounded {
		return producerFact{}, false
	}
	if g.selectsStop && g.sends > 0 {
		// Every send can give way to a done channel (the pipeline
		// idiom: `case ch <- v: case <-done: return`) that the caller
		// may close: nothing shows the goroutine stays blocked.
		return producerFact{}, false
	}
	if capacity, ok := constCap(mc); ok && g.bounded && int64(g.sends) <= capacity {
		// The buffer holds every value the goroutines can send: they
		// never block, whatever the caller does with the channel.
		return producerFact{}, false
	}
	for i, p := range fn.Params {
		if isContext(p.Type()) {
			f.Ctx = paramIndex(fn, fn.Params[i])
			break
		}
	}
	f.Releases = g.selectsDone && f.Ctx >= 0
	f.Once = g.bounded && g.sends == 1
	if capacity, ok := constCap(mc); ok && capacity >= 1 && len(g.bodies) == 1 {
		f.Source, f.Sourced = sourceParam(fn, g.bodies[0])
	}
	return f, true
}

// sourceParam reports the parameter of fn that goroutine body gfn (a
// closure made in fn) reads from, when every return of gfn follows a
// failed method call on it: `v, err := p.Next(ctx); ...; if err != nil
// { return }`.
func sourceParam(fn *ssa.Function, gfn *ssa.Function) (int, bool) {
	param := -1
	for _, b := range gfn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); !ok {
			continue
		}
		i, ok := failedSourceCall(fn, gfn, b)
		if !ok || param >= 0 && i != param {
			return -1, false
		}
		param = i
	}
	return param, param >= 0
}

// failedSourceCall finds, among the dominators of return block ret, an
// `if err != nil` taken towards ret on the error result of a method call
// whose receiver is a free variable of gfn bound to a parameter of fn.
func failedSourceCall(fn, gfn *ssa.Function, ret *ssa.BasicBlock) (int, bool) {
	for d := ret.Idom(); d != nil; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := ifi.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.NEQ {
			continue
		}
		x := cmp.X
		if k, isConst := x.(*ssa.Const); isConst && k.IsNil() {
			x = cmp.Y
		}
		ext, ok := x.(*ssa.Extract)
		if !ok || !isError(ext.Type()) {
			continue
		}
		call, ok := ext.Tuple.(*ssa.Call)
		if !ok {
			continue
		}
		var recv ssa.Value
		if call.Call.IsInvoke() {
			recv = call.Call.Value
		} else if callee := call.Call.StaticCallee(); callee != nil && callee.Signature.Recv() != nil && len(call.Call.Args) > 0 {
			recv = call.Call.Args[0]
		}
		if !d.Succs[0].Dominates(ret) {
			continue
		}
		if i, ok := boundParam(fn, gfn, recv); ok {
			return i, true
		}
	}
	return -1, false
}

// boundParam reports the index of the parameter of fn that v, a free
// variable of closure gfn (or a load of one), is bound to.
func boundParam(fn, gfn *ssa.Function, v ssa.Value) (int, bool) {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	fv, ok := v.(*ssa.FreeVar)
	if !ok {
		return -1, false
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			mc, ok := instr.(*ssa.MakeClosure)
			if !ok || mc.Fn != gfn {
				continue
			}
			for i, f := range gfn.FreeVars {
				if f != fv || i >= len(mc.Bindings) {
					continue
				}
				bnd := mc.Bindings[i]
				if a, ok := bnd.(*ssa.Alloc); ok {
					// A parameter the closure captures lives in a
					// variable assigned once.
					bnd = chanflow.StoredOnce(a)
				}
				if p, ok := bnd.(*ssa.Parameter); ok {
					return paramIndex(fn, p), paramIndex(fn, p) >= 0
				}
			}
		}
	}
	return -1, false
}

// constCap is the capacity of a channel made with a constant size.
func constCap(mc *ssa.MakeChan) (int64, bool) {
	k, ok := mc.Size.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// maxSends bounds the values one goroutine may send before the pass stops
// counting them: beyond it, they are "many".
const maxSends = 64

// goSends sums up how the goroutines of a producer send on its channel: the
// most values they can send together, counted along the paths of each (two
// sends on exclusive branches are one), and whether that is bounded at all.
type goSends struct {
	sends       int
	bounded     bool
	selectsDone bool // every send selects on a context's Done
	// selectsStop: every send selects on a receive from another channel
	// than a context's Done (a done or quit channel, a timer): whoever
	// closes or feeds that channel releases the goroutine, which this
	// function cannot see.
	selectsStop bool
	// bodies are the goroutines' functions, when each is a closure
	// holding the channel.
	bodies []*ssa.Function
}

func (g *goSends) unknown() {
	g.bounded = false
	g.selectsStop = false
	g.sends += 2
}

// count adds the sends on root, the channel inside the goroutine's function.
func (g *goSends) count(root ssa.Value) {
	weight := map[ssa.Instruction]int{}
	for _, gu := range chanflow.Uses(root) {
		switch gu.Kind {
		case chanflow.Send:
			weight[gu.Instr] = 1
			g.selectsDone = false
			g.selectsStop = false
		case chanflow.SelectSend:
			weight[gu.Instr] = 1
			sel := gu.Instr.(*ssa.Select)
			g.selectsDone = g.selectsDone && hasDoneCase(sel)
			g.selectsStop = g.selectsStop && hasStopCase(sel, root)
		case chanflow.Arg:
			// A helper sends for the goroutine; what it does is out of
			// sight, so assume many sends that honour the context.
			g.unknown()
			return
		}
	}
	n, ok := chanflow.MaxOnPath(root.Parent(), weight, maxSends)
	if !ok {
		// Many sends, each of them seen: whether they all select on a
		// stop channel is known.
		g.bounded = false
		g.sends += 2
		return
	}
	g.sends += n
}

func startedByGo(instr ssa.Instruction) bool {
	mc, ok := instr.(*ssa.MakeClosure)
	if !ok {
		return false
	}
	for _, r := range *mc.Referrers() {
		if g, ok := r.(*ssa.Go); ok && g.Call.Value == mc {
			return true
		}
	}
	return false
}

// hasStopCase reports whether sel has a case receiving from a channel
// other than ch and a context's Done.
func hasStopCase(sel *ssa.Select, ch ssa.Value) bool {
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly && st.Chan != ch && doneOf(st.Chan) == nil {
			return true
		}
	}
	return false
}

// hasDoneCase reports whether sel has a case receiving from X.Done() of a
// context.
func hasDoneCase(sel *ssa.Select) bool {
	for _, st := range sel.States {
		if st.Dir == types.RecvOnly && doneOf(st.Chan) != nil {
			return true
		}
	}
	return false
}

// doneOf returns the context whose Done method yielded ch, or nil.
func doneOf(ch ssa.Value) ssa.Value {
	call, ok := ch.(*ssa.Call)
	if !ok || !call.Call.IsInvoke() || call.Call.Method.Name() != "Done" || !isContext(call.Call.Value.Type()) {
		return nil
	}
	return call.Call.Value
}

// paramIndex is the index of param among fn's declared parameters, not
// counting a method's receiver.
func paramIndex(fn *ssa.Function, param *ssa.Parameter) int {
	offset := 0
	if fn.Signature.Recv() != nil {
		offset = 1
	}
	for i, p := range fn.Params {
		if p == param {
			return i - offset
		}
	}
	return -1
}

// resultValue is the value of result i of call, or nil when it is unused.
func resultValue(call *ssa.Call, i int) ssa.Value {
	if call.Call.Signature().Results().Len() == 1 {
		if i == 0 {
			return call
		}
		return nil
	}
	for _, r := range *call.Referrers() {
		if ext, ok := r.(*ssa.Extract); ok && ext.Index == i {
			return ext
		}
	}
	return nil
}

// ctxArg is the argument of call for the declared parameter i of callee.
func ctxArg(call *ssa.CallCommon, callee *ssa.Function, i int) ssa.Value {
	if i < 0 {
		return nil
	}
	if callee.Signature.Recv() != nil && !call.IsInvoke() {
		i++
	}
	if i >= len(call.Args) {
		return nil
	}
	return call.Args[i]
}
