package lostsend

import (
	"fmt"
	"go/token"
	"go/types"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// lifecycleFact marks a method that starts a goroutine which exits only
// once one of the Stop methods of the same receiver closes (or sends on) a
// channel field that nothing else releases: calling the method and
// dropping the value without Stop leaks the goroutine, as LeakProf's
// workerLifecycle does.
type lifecycleFact struct {
	Stop []string
	// Returned is set when the goroutine belongs to the value the
	// function returns (a constructor) rather than to its receiver.
	Returned bool
	// Optional is set when the constructor starts the goroutine only
	// under a flag of the value that nothing but the options of its
	// variadic parameter can set: a call passing no option starts none.
	Optional bool
}

func (*lifecycleFact) AFact() {}

func (f *lifecycleFact) String() string {
	if f.Returned {
		s := "returns a value whose goroutine is released by " + strings.Join(f.Stop, " or ")
		if f.Optional {
			s += ", when an option asks for it"
		}
		return s
	}
	return "starts a goroutine released by " + strings.Join(f.Stop, " or ")
}

// recvNamed is the named type of a method's receiver, through a pointer.
func recvNamed(fn *ssa.Function) *types.Named {
	recv := fn.Signature.Recv()
	if recv == nil {
		return nil
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}

// fieldChan tells which field of a receiver root a channel value is read
// from: Field(x, i) or *FieldAddr(x, i), x being a root or loaded from
// one. It returns -1 otherwise.
func fieldChan(v ssa.Value, isRoot func(ssa.Value) bool) int {
	derived := func(x ssa.Value) bool {
		for range 4 {
			if isRoot(x) {
				return true
			}
			load, ok := x.(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				return false
			}
			x = load.X
		}
		return false
	}
	switch x := v.(type) {
	case *ssa.Field:
		if derived(x.X) {
			return x.Field
		}
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL && derived(fa.X) {
			return fa.Field
		}
	}
	return -1
}

// lifecycles computes, for the methods of this package, which start a
// goroutine that only other methods release, and exports them as facts.
func (c *checker) lifecycles(funcs []*ssa.Function) map[*types.Func]*lifecycleFact {
	out := map[*types.Func]*lifecycleFact{}
	byType := map[*types.Named][]*ssa.Function{}
	for _, fn := range funcs {
		if n := recvNamed(fn); n != nil && fn.Parent() == nil && len(fn.Params) > 0 && fn.Blocks != nil {
			byType[n] = append(byType[n], fn)
		}
	}
	if len(byType) == 0 {
		return out
	}
	// Fields released by functions that are not methods of their type:
	// whoever owns them, it is not only the type's Stop.
	// A send counts only against a goroutine that a send releases (see
	// relSend): one ranging over the field waits for its close.
	foreign := map[*types.Named]map[int]uint8{}
	for _, fn := range funcs {
		n := recvNamed(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ch := releasedChan(instr)
				if ch == nil {
					continue
				}
				kind := relClose
				if _, isSend := instr.(*ssa.Send); isSend {
					kind = relSend
				}
				for t := range byType {
					if t == n && fn.Parent() == nil {
						continue
					}
					if f := fieldChan(ch, func(x ssa.Value) bool { return isType(x.Type(), t) }); f >= 0 {
						if foreign[t] == nil {
							foreign[t] = map[int]uint8{}
						}
						foreign[t][f] |= kind
					}
				}
			}
		}
	}
	releases := map[*ssa.Function]map[int]uint8{}
	for _, methods := range byType {
		for _, m := range methods {
			releases[m] = releasedFields(m)
		}
	}
	// A method releases what the methods it calls on its own receiver
	// release: an exported Stop that calls stop is a Stop too.
	callees := map[*ssa.Function]map[*ssa.Function]bool{}
	for m := range releases {
		callees[m] = sameReceiverCallees(m)
	}
	for range 3 {
		for m, cs := range callees {
			for callee := range cs {
				for f, kinds := range releases[callee] {
					releases[m][f] |= kinds
				}
			}
		}
	}
	// stopsFor names the methods of t, other than start, that release the
	// fields a goroutine waits on to exit; none when a field is exported,
	// released outside t's methods, or by start itself.
	stopsFor := func(t *types.Named, start *ssa.Function, fields map[int]uint8) []string {
		st, ok := t.Underlying().(*types.Struct)
		if !ok {
			return nil
		}
		for f, kinds := range fields {
			if st.Field(f).Exported() || foreign[t][f]&kinds != 0 || releases[start][f]&kinds != 0 {
				return nil
			}
		}
		var stops []string
		for _, s := range byType[t] {
			for f, kinds := range fields {
				if s != start && releases[s][f]&kinds != 0 {
					stops = append(stops, s.Name())
					break
				}
			}
		}
		// None: nothing here releases it; whatever does is out of sight.
		sort.Strings(stops)
		return stops
	}
	export := func(fn *ssa.Function, f *lifecycleFact) {
		if obj, ok := fn.Object().(*types.Func); ok && out[obj] == nil {
			out[obj] = f
			c.pass.ExportObjectFact(obj, f)
		}
	}
	for t, methods := range byType {
		for _, m := range methods {
			fields := c.goroutineExits(m)
			if len(fields) == 0 || !startsOnEveryPath(m) {
				continue
			}
			if stops := stopsFor(t, m, fields); len(stops) > 0 {
				export(m, &lifecycleFact{Stop: stops})
			}
		}
	}
	// Constructors: a function that makes a value, starts a goroutine on
	// it that waits for a method to release it, and returns the value.
	for _, fn := range funcs {
		if fn.Parent() != nil || fn.Blocks == nil || fn.Signature.Recv() != nil {
			continue
		}
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				alloc, ok := instr.(*ssa.Alloc)
				if !ok || !alloc.Heap {
					continue
				}
				t := namedOf(alloc.Type())
				if t == nil || byType[t] == nil || !returns(fn, alloc) {
					continue
				}
				fields := goroutineExitsOf(fn, alloc, func(v ssa.Value) bool { return v == alloc })
				if len(fields) == 0 {
					continue
				}
				optional := false
				if !startsOnEveryPath(fn) {
					if optional = startsUnderOption(fn, alloc); !optional {
						continue
					}
				}
				if stops := stopsFor(t, fn, fields); len(stops) > 0 {
					export(fn, &lifecycleFact{Stop: stops, Returned: true, Optional: optional})
				}
			}
		}
	}
	return out
}

// sameReceiverCallees are the methods m calls, in its body, on its own
// receiver.
func sameReceiverCallees(m *ssa.Function) map[*ssa.Function]bool {
	out := map[*ssa.Function]bool{}
	recv := m.Params[0]
	for _, b := range m.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			cc := ci.Common()
			callee := cc.StaticCallee()
			if callee == nil || callee == m || callee.Signature.Recv() == nil || len(cc.Args) == 0 {
				continue
			}
			if a := cc.Args[0]; a == recv || spilled(derefOf(a), recv) || derefOf(a) == recv {
				out[callee] = true
			}
		}
	}
	return out
}

// How a channel field is released: closing it ends every receive;
// sending on it ends only a receive that takes the value and returns, not
// a range that goes on to the next one.
const (
	relClose uint8 = 1 << iota
	relSend
)

func isType(t types.Type, n *types.Named) bool {
	for range 3 {
		if p, ok := t.Underlying().(*types.Pointer); ok {
			t = p.Elem()
			continue
		}
		break
	}
	return types.Identical(t, n)
}

// releasedChan is the channel that instr closes or sends on, or nil.
func releasedChan(instr ssa.Instruction) ssa.Value {
	switch instr := instr.(type) {
	case *ssa.Send:
		return instr.Chan
	case *ssa.Call:
		if b, ok := instr.Call.Value.(*ssa.Builtin); ok && b.Name() == "close" && len(instr.Call.Args) == 1 {
			return instr.Call.Args[0]
		}
	}
	return nil
}

// releasedFields are the channel fields of its receiver that method m
// closes or sends on (relClose, relSend), in its body or in closures it
// makes.
func releasedFields(m *ssa.Function) map[int]uint8 {
	out := map[int]uint8{}
	recv := m.Params[0]
	var visit func(fn *ssa.Function, isRoot func(ssa.Value) bool, depth int)
	visit = func(fn *ssa.Function, isRoot func(ssa.Value) bool, depth int) {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if ch := releasedChan(instr); ch != nil {
					if f := fieldChan(ch, isRoot); f >= 0 {
						kind := relClose
						if _, isSend := instr.(*ssa.Send); isSend {
							kind = relSend
						}
						out[f] |= kind
					}
				}
				if mc, ok := instr.(*ssa.MakeClosure); ok && depth < 3 {
					inner := mc.Fn.(*ssa.Function)
					roots := map[ssa.Value]bool{}
					for i, bnd := range mc.Bindings {
						if i < len(inner.FreeVars) && holdsRecv(bnd, isRoot) {
							roots[inner.FreeVars[i]] = true
						}
					}
					visit(inner, func(v ssa.Value) bool { return roots[v] }, depth+1)
				}
			}
		}
	}
	visit(m, func(v ssa.Value) bool { return v == recv || spilled(v, recv) }, 0)
	return out
}

// spilled reports whether v is the local variable a parameter was copied
// to, as SSA does for a value receiver whose fields are addressed.
func spilled(v ssa.Value, param *ssa.Parameter) bool {
	alloc, ok := v.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc && st.Val == param {
			return true
		}
	}
	return false
}

// holdsRecv reports whether a closure binding is the receiver or the
// variable the receiver was spilled to for capture.
func holdsRecv(b ssa.Value, isRoot func(ssa.Value) bool) bool {
	if isRoot(b) {
		return true
	}
	alloc, ok := b.(*ssa.Alloc)
	if !ok {
		return false
	}
	for _, r := range *alloc.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == alloc && isRoot(st.Val) {
			return true
		}
	}
	return false
}

// goroutineExits returns the channel fields of m's receiver on which a
// goroutine started by m waits to exit, each with the releases that let it
// exit, when every exit of that goroutine follows a receive from one of
// them; nil when the goroutine can exit on its own or there is none.
func (c *checker) goroutineExits(m *ssa.Function) map[int]uint8 {
	recv := m.Params[0]
	return goroutineExitsOf(m, recv, func(v ssa.Value) bool { return v == recv || spilled(v, recv) })
}

// goroutineExitsOf is goroutineExits for the goroutines fn starts on recv,
// a value isRecv recognises (also in the variables it is copied to).
func goroutineExitsOf(fn *ssa.Function, recv ssa.Value, isRecv func(ssa.Value) bool) map[int]uint8 {
	var fields map[int]uint8
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			g, ok := instr.(*ssa.Go)
			if !ok {
				continue
			}
			var body *ssa.Function
			roots := map[ssa.Value]bool{}
			direct := map[ssa.Value]int{} // free variables bound to a field's channel
			switch v := g.Call.Value.(type) {
			case *ssa.MakeClosure:
				body = v.Fn.(*ssa.Function)
				for i, bnd := range v.Bindings {
					if i >= len(body.FreeVars) {
						continue
					}
					if holdsRecv(bnd, isRecv) {
						roots[body.FreeVars[i]] = true
					} else if f := fieldChan(bnd, isRecv); f >= 0 {
						direct[body.FreeVars[i]] = f
					}
				}
			case *ssa.Function:
				// go r.loop(): the callee's receiver is ours.
				if len(g.Call.Args) > 0 && len(v.Params) == len(g.Call.Args) && v.Signature.Recv() != nil &&
					(isRecv(g.Call.Args[0]) || fieldChan(g.Call.Args[0], isRecv) < 0 && derefOf(g.Call.Args[0]) == recv) {
					body = v
					roots[v.Params[0]] = true
				}
			}
			if body == nil || body.Blocks == nil {
				continue
			}
			fs := exitFields(body, func(v ssa.Value) bool { return roots[v] }, direct)
			if fs == nil {
				return nil
			}
			if fields == nil {
				fields = map[int]uint8{}
			}
			for f, kinds := range fs {
				fields[f] |= kinds
			}
		}
	}
	return fields
}

func derefOf(v ssa.Value) ssa.Value {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		return load.X
	}
	return nil
}

// exitFields follows the goroutine's paths, remembering the channel field
// received from last and whether the receive saw it closed, and returns
// the fields after which a return is reached with the releases that lead
// there; nil when a return is reached before any.
func exitFields(g *ssa.Function, isRoot func(ssa.Value) bool, direct map[ssa.Value]int) map[int]uint8 {
	field := func(ch ssa.Value) int {
		if f := fieldChan(ch, isRoot); f >= 0 {
			return f
		}
		if load, ok := ch.(*ssa.UnOp); ok && load.Op == token.MUL {
			ch = load.X
		}
		if f, ok := direct[ch]; ok {
			return f
		}
		return -1
	}
	isField := func(v ssa.Value) bool { return field(v) >= 0 }
	// The state is none, or 2*field plus 1 when the receive saw the
	// channel closed (only close reaches that exit).
	const none = -2
	out := map[int]uint8{}
	selfExit := false
	flow := chanflow.Flow[int]{
		Instr: func(s int, instr ssa.Instruction) int {
			if u, ok := instr.(*ssa.UnOp); ok && u.Op == token.ARROW {
				if f := field(u.X); f >= 0 {
					return 2 * f
				}
			}
			return s
		},
		Edge: func(s int, b *ssa.BasicBlock, i int) int {
			if sel, k := chanflow.SelectCaseEdge(b, i); sel != nil && k < len(sel.States) && sel.States[k].Dir == types.RecvOnly {
				if f := field(sel.States[k].Chan); f >= 0 {
					return 2 * f
				}
			}
			if s >= 0 && chanflow.ClosedEdge(b, i, isField) {
				return s | 1
			}
			return s
		},
		Exit: func(s int, exit ssa.Instruction) {
			if _, isRet := exit.(*ssa.Return); !isRet {
				return
			}
			switch {
			case s == none:
				selfExit = true
			case s&1 == 1:
				out[s/2] |= relClose
			default:
				out[s/2] |= relClose | relSend
			}
		},
		Prune: func(s int) bool { return selfExit },
	}
	flow.RunEntry(g, none)
	if selfExit || len(out) == 0 {
		return nil
	}
	return out
}

// checkLifecycles reports calls that start a lifecycle goroutine on a value
// local to the function, which then returns without calling a Stop method
// on it.
func (c *checker) checkLifecycles(funcs []*ssa.Function, local map[*types.Func]*lifecycleFact) {
	factOf := func(callee *ssa.Function) *lifecycleFact {
		obj, ok := callee.Object().(*types.Func)
		if !ok {
			return nil
		}
		if f, ok := local[obj]; ok {
			return f
		}
		if obj.Pkg() == c.pass.Pkg {
			return nil
		}
		var f lifecycleFact
		if c.pass.ImportObjectFact(obj, &f) {
			return &f
		}
		return nil
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok || len(call.Call.Args) == 0 {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil || callee.Signature.Recv() == nil {
					continue
				}
				f := factOf(callee)
				if f == nil || f.Returned {
					continue
				}
				c.checkLifecycle(fn, call, callee, f)
			}
		}
	}
}

func (c *checker) checkLifecycle(fn *ssa.Function, start *ssa.Call, m *ssa.Function, f *lifecycleFact) {
	obj := localObject(start.Call.Args[0], recvNamed(m))
	if obj == nil {
		return
	}
	aliases, ok := objectAliases(obj, recvNamed(m))
	if !ok {
		return
	}
	stops := f.stopCall(recvNamed(m), aliases)
	// A Stop deferred before the start runs on every return after it.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if d, ok := instr.(*ssa.Defer); ok && stops(d) && dominatesInstr(d, start) {
				return
			}
		}
	}
	exit := unstoppedExit(start, stops, start)
	if exit == nil {
		return
	}
	at := start.Pos()
	if c.ignores.Ignored("lostsend", at) {
		return
	}
	pos, end := c.nodeAt(at)
	exitPos := exitPosition(fn, exit)
	typ := recvNamed(m).Obj().Name()
	stop := f.stopNames(typ)
	c.pass.Report(analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("goroutine may block forever: %s.%s starts a goroutine that only %s releases, and this function can return without calling it", typ, m.Name(), stop),
		Related: []analysis.RelatedInformation{{Pos: exitPos, Message: "the function returns here without calling " + stop}},
	})
}

// stopCall returns whether an instruction calls one of the methods of t
// that release the goroutine (f.Stop) on a value aliases holds.
func (f *lifecycleFact) stopCall(t *types.Named, aliases map[ssa.Value]bool) func(ssa.Instruction) bool {
	isStop := map[string]bool{}
	for _, s := range f.Stop {
		isStop[s] = true
	}
	return func(instr ssa.Instruction) bool {
		ci, ok := instr.(ssa.CallInstruction)
		if !ok {
			return false
		}
		callee := ci.Common().StaticCallee()
		args := ci.Common().Args
		return callee != nil && callee.Signature.Recv() != nil && isStop[callee.Name()] &&
			len(args) > 0 && aliases[args[0]] && recvNamed(callee) == t
	}
}

// stopNames names the releasing methods for a message: "T.Stop or T.Close".
func (f *lifecycleFact) stopNames(typ string) string {
	names := make([]string, len(f.Stop))
	for i, s := range f.Stop {
		names[i] = typ + "." + s
	}
	return strings.Join(names, " or ")
}

// unstoppedExit returns the first return that a path from start reaches
// without a call stops recognises, or nil. A path through a call that
// never returns, or through again (the start itself, when a second start
// is its own finding), is not one.
func unstoppedExit(start ssa.Instruction, stops func(ssa.Instruction) bool, again ssa.Instruction) ssa.Instruction {
	type state struct{ stopped, dead bool }
	var exit ssa.Instruction
	chanflow.Flow[state]{
		Instr: func(s state, instr ssa.Instruction) state {
			switch {
			case stops(instr):
				s.stopped = true
			case chanflow.NoReturn(instr), again != nil && instr == again:
				s.dead = true
			}
			return s
		},
		Exit: func(s state, e ssa.Instruction) {
			if _, isRet := e.(*ssa.Return); isRet && (exit == nil || e.Pos() < exit.Pos()) {
				exit = e
			}
		},
		Prune: func(s state) bool { return s.stopped || s.dead },
	}.Run(start, state{})
	return exit
}

// exitPosition is where a report says the function returns: the return,
// or the closing brace for the implicit one.
func exitPosition(fn *ssa.Function, exit ssa.Instruction) token.Pos {
	pos := exit.Pos()
	if !pos.IsValid() && fn.Syntax() != nil {
		pos = fn.Syntax().End() - 1
	}
	return pos
}

func dominatesInstr(a, b ssa.Instruction) bool {
	if a.Block() != b.Block() {
		return a.Block().Dominates(b.Block())
	}
	for _, in := range a.Block().Instrs {
		switch in {
		case a:
			return true
		case b:
			return false
		}
	}
	return false
}

// localObject is the value of this function that holds the receiver of
// a call: a local struct (or pointer to one) that the function made, or
// the result of a constructor called here.
func localObject(v ssa.Value, t *types.Named) ssa.Value {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	switch v := v.(type) {
	case *ssa.Alloc:
		return v
	case *ssa.Call:
		callee := v.Call.StaticCallee()
		if callee != nil && callee.Signature.Recv() == nil && isType(v.Type(), t) {
			return v
		}
	}
	return nil
}

// objectAliases returns the values that are the object (the variable and
// what is loaded from it), and false when the object leaves the function:
// anything but reading its fields and calling methods of its type on it.
func objectAliases(obj ssa.Value, t *types.Named) (map[ssa.Value]bool, bool) {
	aliases := map[ssa.Value]bool{obj: true}
	work := []ssa.Value{obj}
	for len(work) > 0 {
		v := work[len(work)-1]
		work = work[:len(work)-1]
		for _, r := range *v.Referrers() {
			switch r := r.(type) {
			case *ssa.DebugRef, *ssa.FieldAddr, *ssa.Field:
			case *ssa.Store:
				if r.Val == v {
					return nil, false
				}
			case *ssa.UnOp:
				if r.Op != token.MUL {
					return nil, false
				}
				if !aliases[r] {
					aliases[r] = true
					work = append(work, r)
				}
			case ssa.CallInstruction:
				callee := r.Common().StaticCallee()
				args := r.Common().Args
				if callee == nil || recvNamed(callee) != t || len(args) == 0 || args[0] != v {
					return nil, false
				}
				for _, a := range args[1:] {
					if a == v {
						return nil, false
					}
				}
			default:
				return nil, false
			}
		}
	}
	return aliases, true
}

// startsOnEveryPath reports whether every go statement of fn runs on
// every path that returns: a goroutine started only under a condition
// (`if m.withCache { go m.clean() }`, the field set by an option) may not
// run at all, and a caller that never releases it leaks nothing then.
// What decides the condition is out of the caller's sight, so the start
// is not a lifecycle the caller must end.
func startsOnEveryPath(fn *ssa.Function) bool {
	var rets []*ssa.BasicBlock
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && !failing(ret) {
			rets = append(rets, b)
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); !ok {
				continue
			}
			for _, r := range rets {
				if !b.Dominates(r) {
					return false
				}
			}
		}
	}
	return true
}

// failing reports whether ret returns an error that is not a nil
// constant: the call failed, and its caller has nothing to stop there.
func failing(ret *ssa.Return) bool {
	for _, r := range ret.Results {
		if !types.Identical(r.Type(), types.Universe.Lookup("error").Type()) {
			continue
		}
		if k, ok := r.(*ssa.Const); !ok || !k.IsNil() {
			return true
		}
	}
	return false
}

// startsUnderOption reports whether every go statement of constructor fn
// that does not run on every path runs only where a bool field of alloc
// tested true, a field fn itself never stores to: only the options of
// fn's variadic parameter, applied to alloc, can set it (syncthing's
// ignore.New starting clean under `if m.withCache`).
func startsUnderOption(fn *ssa.Function, alloc *ssa.Alloc) bool {
	if !fn.Signature.Variadic() {
		return false
	}
	stored := map[int]bool{}
	for _, r := range *alloc.Referrers() {
		fa, ok := r.(*ssa.FieldAddr)
		if !ok {
			continue
		}
		for _, fr := range *fa.Referrers() {
			if st, ok := fr.(*ssa.Store); ok && st.Addr == fa {
				stored[fa.Field] = true
			}
		}
	}
	// flagEdge: the block entered when field k of alloc is true.
	guarded := func(b *ssa.BasicBlock) bool {
		for d := b.Idom(); d != nil; d = d.Idom() {
			ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
			if !ok {
				continue
			}
			load, ok := ifi.Cond.(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				continue
			}
			fa, ok := load.X.(*ssa.FieldAddr)
			if !ok || fa.X != alloc || stored[fa.Field] {
				continue
			}
			if t := d.Succs[0]; t.Dominates(b) && len(t.Preds) == 1 {
				return true
			}
		}
		return false
	}
	found := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if _, ok := instr.(*ssa.Go); !ok {
				continue
			}
			if !guarded(b) {
				return false
			}
			found = true
		}
	}
	return found
}

// passesNoOption reports whether call gives its callee's variadic
// parameter nothing.
func passesNoOption(call *ssa.Call) bool {
	sig := call.Call.Signature()
	if !sig.Variadic() || len(call.Call.Args) == 0 {
		return false
	}
	k, ok := call.Call.Args[len(call.Call.Args)-1].(*ssa.Const)
	return ok && k.IsNil()
}
