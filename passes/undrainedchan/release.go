package undrainedchan

import (
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// release is how the function can release a producer without draining its
// channel.
type release struct {
	// instrs cancel the producer's context (or close its stream): calls,
	// and defer statements, which count once registered.
	instrs map[ssa.Instruction]bool
	// ctxs are the producer's context and its ancestors in this function:
	// once one is done, so is the producer's.
	ctxs map[ssa.Value]bool
	// cancellable: some ancestor was made cancellable here.
	cancellable bool
	// outside: the cancel is out of this function's hands (stored,
	// returned, or in an enclosing function that calls it), so the
	// producer is released by someone else.
	outside bool
}

// deferredBefore reports whether a releasing defer statement always runs
// before start, so that every exit after start releases the producer.
func (r release) deferredBefore(start ssa.Instruction) bool {
	for instr := range r.instrs {
		if _, ok := instr.(*ssa.Defer); !ok {
			continue
		}
		b, sb := instr.Block(), start.Block()
		if b == sb {
			for _, in := range b.Instrs {
				if in == instr {
					return true
				}
				if in == start {
					break
				}
			}
			continue
		}
		if b.Dominates(sb) {
			return true
		}
	}
	return false
}

func (r release) isDone(ch ssa.Value) bool {
	ctx := doneOf(ch)
	return ctx != nil && r.ctxs[resolve(ctx)]
}

// isDoneRecv reports `<-ctx.Done()` on one of the producer's contexts.
func (r release) isDoneRecv(instr ssa.Instruction) bool {
	u, ok := instr.(*ssa.UnOp)
	return ok && u.Op == token.ARROW && r.isDone(u.X)
}

// cancellers are the context constructors whose second result cancels.
var cancellers = map[string]bool{
	"context.WithCancel":        true,
	"context.WithTimeout":       true,
	"context.WithDeadline":      true,
	"context.WithCancelCause":   true,
	"context.WithTimeoutCause":  true,
	"context.WithDeadlineCause": true,
	"os/signal.NotifyContext":   true,
	"context.WithValue":         false,
	"context.WithoutCancel":     false, // does not inherit cancellation: the chain stops
}

// releaseOf finds how the producer called by call can be released in fn.
func (c *checker) releaseOf(fn *ssa.Function, call *ssa.Call, callee *ssa.Function, p producer) release {
	rel := release{instrs: map[ssa.Instruction]bool{}, ctxs: map[ssa.Value]bool{}}
	ctx := ctxArg(call.Common(), callee, p.Ctx)
	if recv := receiver(call.Common()); p.closeRecv && recv != nil {
		c.closers(recv, &rel)
		ctx = streamContext(recv)
	}
	if p.Sourced {
		if src := ctxArg(call.Common(), callee, p.Source); src != nil {
			enders(src, call, &rel)
		}
	}
	if !p.Releases {
		ctx = nil
	}
	for depth := 0; ctx != nil && depth < 16; depth++ {
		ctx = resolve(ctx)
		rel.ctxs[ctx] = true
		if load, ok := ctx.(*ssa.UnOp); ctx.Parent() != fn || ok && load.Op == token.MUL && isFreeVar(load.X) {
			// A context of an enclosing function: whether that function
			// cancels it decides, and it will, once it returns.
			rel.outside = enclosingCancels(ctx, 0)
			return rel
		}
		if param, ok := ctx.(*ssa.Parameter); ok && c.callersCancel(fn, param) {
			// Every caller passes a context it cancels: the producer
			// is released once the caller is done with this call.
			rel.outside = true
			return rel
		}
		if frameworkCancelled(ctx) {
			// The server cancels this context when the handler returns:
			// the producer is released then, whatever this function does.
			rel.outside = true
			return rel
		}
		d, ok := derivation(ctx)
		if !ok {
			break
		}
		if d.cancellable {
			rel.cancellable = true
			if d.cancel != nil && c.cancelCalls(d.cancel, &rel) {
				rel.outside = true
			}
		}
		ctx = d.parent
	}
	return rel
}

// cancelCalls adds the calls of cancel to rel and reports whether cancel
// leaves the function.
func (c *checker) cancelCalls(cancel ssa.Value, rel *release) bool {
	escapes := false
	for _, u := range chanflow.Uses(cancel) {
		switch u.Kind {
		case chanflow.Called:
			rel.instrs[u.Instr] = true
		case chanflow.Harmless:
		case chanflow.Capture:
			// A closure that cancels: count the statement that runs or
			// defers it; any other closure keeps the cancel for later.
			root := chanflow.ClosureRoot(u)
			calls := false
			if root != nil {
				for _, cu := range chanflow.Uses(root) {
					calls = calls || cu.Kind == chanflow.Called
				}
			}
			ran := false
			if calls {
				for _, r := range *u.Instr.(*ssa.MakeClosure).Referrers() {
					if ci, ok := r.(ssa.CallInstruction); ok && ci.Common().Value == u.Instr.(ssa.Value) {
						rel.instrs[r] = true
						ran = true
					}
				}
			}
			if !ran {
				escapes = true
			}
		default:
			escapes = true
		}
	}
	return escapes
}

// receiver is the receiver of a method call, whether called directly or
// through a method value (a closure binding the receiver).
func receiver(call *ssa.CallCommon) ssa.Value {
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		if len(mc.Bindings) == 1 {
			return mc.Bindings[0]
		}
		return nil
	}
	if callee := call.StaticCallee(); callee != nil && callee.Signature.Recv() != nil && len(call.Args) > 0 {
		return call.Args[0]
	}
	return nil
}

// closers adds the Close calls on a StreamingContext to rel; a stream that
// leaves the function is someone else's to close.
func (c *checker) closers(stream ssa.Value, rel *release) {
	for _, u := range chanflow.Uses(stream) {
		switch u.Kind {
		case chanflow.Arg:
			if u.Callee.Name() == "Close" && u.Index == 0 {
				rel.instrs[u.Instr] = true
			} else if u.Callee.Name() != "Channel" {
				rel.outside = true
			}
		case chanflow.Harmless:
		case chanflow.Capture:
			// A method value: s.Channel changes nothing, s.Close releases
			// where it is called; any other closure takes the stream away.
			switch strings.TrimSuffix(u.Closure.Name(), "$bound") {
			case "Channel":
			case "Close":
				for _, r := range *u.Instr.(*ssa.MakeClosure).Referrers() {
					if ci, ok := r.(ssa.CallInstruction); ok && ci.Common().Value == u.Instr.(ssa.Value) {
						rel.instrs[r] = true
					}
				}
			default:
				rel.outside = true
			}
		default:
			rel.outside = true
		}
	}
}

// streamContext is the context a StreamingContext was made with in this
// function, or nil.
func streamContext(stream ssa.Value) ssa.Value {
	mk, ok := resolve(stream).(*ssa.Call)
	if !ok {
		return nil
	}
	switch calleeName(mk.Common()) {
	case streamPath + ".NewStreamingContext":
		if len(mk.Call.Args) == 1 {
			return mk.Call.Args[0]
		}
	case runtimePath + ".StreamingTestHelper.CreateStreamingContext":
		if len(mk.Call.Args) == 2 {
			return mk.Call.Args[1]
		}
	}
	return nil
}

func calleeName(call *ssa.CallCommon) string {
	callee := call.StaticCallee()
	if callee == nil {
		return ""
	}
	obj := funcObj(callee)
	if obj == nil {
		return ""
	}
	return funcKey(obj)
}

// resolve looks through the variable a value was stored in.
func resolve(v ssa.Value) ssa.Value {
	for range 8 {
		switch x := v.(type) {
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return v
			}
			stored := storedValue(x.X)
			if stored == nil {
				return v
			}
			v = stored
		case *ssa.ChangeInterface:
			v = x.X
		default:
			return v
		}
	}
	return v
}

// storedValue is the one value stored in the local variable addr.
func storedValue(addr ssa.Value) ssa.Value {
	alloc, ok := addr.(*ssa.Alloc)
	if !ok {
		if fv, ok := addr.(*ssa.FreeVar); ok {
			if b := boundValue(fv); b != nil {
				return storedValue(b)
			}
		}
		return nil
	}
	var val ssa.Value
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc {
			if val != nil {
				return nil
			}
			val = st.Val
		}
	}
	return val
}

// boundValue is the value the enclosing function binds to fv.
func boundValue(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	parent := fn.Parent()
	if parent == nil {
		return nil
	}
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				return mc.Bindings[idx]
			}
		}
	}
	return nil
}

// enclosingCancels reports whether ctx, or a context it derives from in its
// own function, is made cancellable there with its cancel used at all.
func enclosingCancels(ctx ssa.Value, depth int) bool {
	for ; ctx != nil && depth < 16; depth++ {
		ctx = resolve(ctx)
		if alloc, ok := ctx.(*ssa.Alloc); ok {
			// A variable assigned more than once: any cancellable value
			// stored in it may be the one in use.
			for _, r := range *alloc.Referrers() {
				if st, ok := r.(*ssa.Store); ok && st.Addr == alloc && st.Val != alloc && enclosingCancels(st.Val, depth+1) {
					return true
				}
			}
			return false
		}
		if load, ok := ctx.(*ssa.UnOp); ok && load.Op == token.MUL {
			ctx = load.X
			continue
		}
		if fv, ok := ctx.(*ssa.FreeVar); ok {
			ctx = boundValue(fv)
			continue
		}
		d, ok := derivation(ctx)
		if !ok {
			return false
		}
		if d.cancel != nil && len(*d.cancel.Referrers()) > 0 {
			return true
		}
		ctx = d.parent
	}
	return false
}

// derived is one step of a context's derivation in SSA.
type derived struct {
	parent ssa.Value
	// cancellable: the constructor returns a cancel function; cancel is
	// it, nil when discarded.
	cancellable bool
	cancel      ssa.Value
}

// derivation finds the context constructor call that made ctx, if any, and
// reports false for a constructor that cuts the cancellation chain.
func derivation(ctx ssa.Value) (derived, bool) {
	var mk *ssa.Call
	switch v := ctx.(type) {
	case *ssa.Extract:
		if v.Index != 0 {
			return derived{}, false
		}
		mk, _ = v.Tuple.(*ssa.Call)
	case *ssa.Call:
		mk = v
	}
	if mk == nil || len(mk.Call.Args) == 0 {
		return derived{}, false
	}
	name := calleeName(mk.Common())
	cancels, known := cancellers[name]
	if !known || name == "context.WithoutCancel" {
		return derived{}, false
	}
	d := derived{parent: mk.Call.Args[0], cancellable: cancels}
	if cancels {
		d.cancel = resultValue(mk, 1)
	}
	return d, true
}

func isFreeVar(v ssa.Value) bool {
	_, ok := v.(*ssa.FreeVar)
	return ok
}

// frameworkCancelled reports a context that the server running this
// handler cancels once the handler returns: the Context() of a gRPC server
// stream, or r.Context() of an HTTP handler's request, the stream or request
// being a parameter of the function.
func frameworkCancelled(ctx ssa.Value) bool {
	call, ok := ctx.(*ssa.Call)
	if !ok || call.Call.Signature().Params().Len() != 0 {
		return false
	}
	var recv ssa.Value
	var name string
	if call.Call.IsInvoke() {
		recv, name = call.Call.Value, call.Call.Method.Name()
	} else if callee := call.Call.StaticCallee(); callee != nil && callee.Signature.Recv() != nil && len(call.Call.Args) == 1 {
		recv, name = call.Call.Args[0], callee.Name()
	}
	if recv == nil || name != "Context" || !isParam(recv) {
		return false
	}
	return isHTTPRequest(recv.Type()) || isServerStream(recv.Type())
}

// isParam reports whether v is a parameter of its function or, captured, of
// an enclosing one.
func isParam(v ssa.Value) bool {
	for range 4 {
		switch x := v.(type) {
		case *ssa.Parameter:
			return true
		case *ssa.FreeVar:
			v = boundValue(x)
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			v = storedValue(x.X)
		default:
			return false
		}
		if v == nil {
			return false
		}
	}
	return false
}

func isHTTPRequest(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "net/http" && n.Obj().Name() == "Request"
}

// isServerStream reports a type with the methods of grpc.ServerStream that a
// client stream lacks: the server's side of a streaming RPC.
func isServerStream(t types.Type) bool {
	ms := types.NewMethodSet(t)
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		ms = types.NewMethodSet(types.NewPointer(t))
	}
	for _, name := range []string{"SendHeader", "SetTrailer", "SendMsg", "RecvMsg", "Context"} {
		if ms.Lookup(nil, name) == nil {
			return false
		}
	}
	return true
}

// enders adds to rel the calls of methods on src, the value whose failing
// method ends a Sourced producer's loop: a method returning nothing or an
// error, such as Unsubscribe or Close, may be what makes it fail, and the
// producer's last send fits its buffer. The producer call itself, and
// methods returning values (getters), do not count.
func enders(src ssa.Value, producerCall *ssa.Call, rel *release) {
	for _, u := range chanflow.Uses(src) {
		if u.Kind != chanflow.Arg || u.Index != 0 || u.Instr == producerCall {
			continue
		}
		sig := u.Callee.Signature
		if sig.Recv() == nil {
			continue
		}
		res := sig.Results()
		if res.Len() > 1 || res.Len() == 1 && !isError(res.At(0).Type()) {
			continue
		}
		rel.instrs[u.Instr] = true
	}
}

// callersCancel reports whether fn, an unexported function of the package
// used only by static calls in it, is always given for param a context
// its caller makes cancellable and cancels (moby's controller.checkHealth,
// called by Wait with a context Wait cancels on return). An exported
// function, or one used as a value or through an interface, may be given
// any context.
func (c *checker) callersCancel(fn *ssa.Function, param *ssa.Parameter) bool {
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Exported() || param.Parent() != fn {
		return false
	}
	i := slices.Index(fn.Params, param)
	calls := c.callSites(fn)
	if i < 0 || len(calls) == 0 {
		return false
	}
	for _, call := range calls {
		if i >= len(call.Call.Args) || !enclosingCancels(call.Call.Args[i], 0) && !testContext(call.Call.Args[i]) {
			return false
		}
	}
	return true
}

// callSites returns the calls of fn in the package, or nil when fn is also
// used otherwise: as a value, or as a method an interface call of the
// same name may reach.
func (c *checker) callSites(fn *ssa.Function) []*ssa.Call {
	if c.sites == nil {
		c.sites = map[*ssa.Function][]*ssa.Call{}
		escaped := map[*ssa.Function]bool{}
		invoked := map[string]bool{}
		wrapped := map[*types.Func]bool{}
		for _, f := range c.funcs {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					if call, ok := instr.(*ssa.Call); ok {
						if call.Call.IsInvoke() {
							invoked[call.Call.Method.Name()] = true
						} else if callee, ok := call.Call.Value.(*ssa.Function); ok {
							if callee.Synthetic != "" {
								// A promoted method's wrapper: its
								// own caller passes the context.
								if orig, ok := callee.Object().(*types.Func); ok {
									wrapped[orig] = true
								}
							}
							c.sites[callee] = append(c.sites[callee], call)
						}
					}
					var ops []*ssa.Value
					for k, op := range instr.Operands(ops) {
						if call, ok := instr.(ssa.CallInstruction); ok && k == 0 && !call.Common().IsInvoke() {
							if _, isCall := instr.(*ssa.Call); isCall {
								continue // the callee of a static call
							}
						}
						if op != nil && *op != nil {
							if g, ok := (*op).(*ssa.Function); ok {
								escaped[g] = true
							}
						}
					}
				}
			}
		}
		for g := range escaped {
			c.sites[g] = nil
		}
		for g := range c.sites {
			obj, _ := g.Object().(*types.Func)
			if g.Signature.Recv() != nil && invoked[g.Name()] || obj != nil && wrapped[obj] {
				c.sites[g] = nil
			}
		}
	}
	return c.sites[fn]
}

// testContext reports whether ctx is the Context of a *testing.T, B or F,
// which the testing package cancels when the test ends, before its
// cleanups run.
func testContext(ctx ssa.Value) bool {
	for range 8 {
		switch x := resolve(ctx).(type) {
		case *ssa.FreeVar:
			ctx = boundValue(x)
			if ctx == nil {
				return false
			}
			continue
		case *ssa.Call:
			callee := x.Call.StaticCallee()
			if callee == nil || callee.Name() != "Context" || callee.Signature.Recv() == nil || callee.Pkg == nil || callee.Pkg.Pkg.Path() != "testing" {
				return false
			}
			return true
		}
		return false
	}
	return false
}
