package lifecycle

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// flow follows one resource through a function and classifies its uses.
type flow struct {
	e      *Engine
	fn     *ssa.Function
	method string // release method; "" when releasing means calling
	// next is the iterator method whose false result releases the value
	// (see iterator.go), nexts its calls whose results decide branches,
	// and iterated is set when there is one.
	next     string
	nexts    map[ssa.Value]bool
	iterated bool
	// depth counts the fields followed from the resource to the part
	// being followed (see field.go).
	depth int
	// calling is set while following a value released by calling it,
	// whatever the kind (the cancel func of a context-bound resource).
	calling bool

	seen    map[ssa.Value]bool
	aliases map[ssa.Value]bool
	errs    map[ssa.Value]bool // the error results of the acquisition
	handled map[ssa.Instruction]bool
	// unreadField is a field the resource was stored in that nothing
	// reads (see Leak.UnreadField).
	unreadField string
	released    bool // some use releases the resource
	kept        bool // some use hands it over
	keptElse    bool // some hand-over is not a return
	returns     map[int]bool
	defers      []*ssa.Defer // deferred releases

	// condReleases are calls of closures that release on some of their
	// paths only; see settle.
	condReleases []ssa.Instruction

	// vars are the local variables the resource was stored in, and
	// lateDefers the deferred closures that release it by reading one of
	// them when they run: they release whatever the variable holds at
	// the exit, which is no longer the resource once it is overwritten.
	vars       map[*ssa.Alloc]bool
	lateDefers map[ssa.Instruction]bool

	// escapedVars are variables read by releasing closures that were
	// handed over (see escape).
	escapedVars map[*ssa.Alloc][]ssa.Instruction

	// done and doneEdges are where the context made with the resource
	// is provably done, which releases it (Kind.DoneContext, done.go).
	done      map[ssa.Instruction]bool
	doneEdges map[[2]*ssa.BasicBlock]bool
}

// settle decides what the calls in condReleases count for, once every use
// is known. `defer func() { if err != nil { v.Close() } }()` beside a
// hand-over on success is the idiom of cleaning up on failure, and the
// closure's condition tracks the paths the hand-over does not cover, so
// they count as releases. Alone, with no other release or hand-over, such
// a call leaves the resource unreleased whenever its condition is false.
func (f *flow) settle() {
	if f.released || f.kept || f.iterated {
		for _, instr := range f.condReleases {
			f.release(instr)
		}
	}
	f.condReleases = nil
}

func newFlow(e *Engine, fn *ssa.Function, method string) *flow {
	return &flow{
		e:       e,
		fn:      fn,
		method:  method,
		seen:    make(map[ssa.Value]bool),
		aliases: make(map[ssa.Value]bool),
		errs:    make(map[ssa.Value]bool),
		handled: make(map[ssa.Instruction]bool),
		returns: make(map[int]bool),
	}
}

func (f *flow) release(instr ssa.Instruction) {
	f.handled[instr] = true
	f.released = true
	if d, ok := instr.(*ssa.Defer); ok {
		f.defers = append(f.defers, d)
	}
}

func (f *flow) handOver(instr ssa.Instruction) {
	f.handled[instr] = true
	f.kept = true
	if _, ok := instr.(*ssa.Return); !ok {
		f.keptElse = true
	}
}

// value follows v, which holds the resource.
func (f *flow) value(v ssa.Value) {
	if f.seen[v] {
		return
	}
	f.seen[v] = true
	f.aliases[v] = true
	if f.method == "" && !f.e.kind.Called {
		// A parameter summary for a must-close type: learn the method.
		f.method, _ = f.e.releaseMethod(v.Type())
		f.next = f.e.iterMethod(v.Type())
	}
	refs := v.Referrers()
	if refs == nil {
		return
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.Phi, *ssa.ChangeType, *ssa.MakeInterface, *ssa.ChangeInterface, *ssa.Convert:
			f.value(r.(ssa.Value))
		case *ssa.TypeAssert:
			if r.CommaOk {
				for _, rr := range *r.Referrers() {
					if ex, ok := rr.(*ssa.Extract); ok && ex.Index == 0 {
						f.value(ex)
					}
				}
			} else {
				f.value(r)
			}
		case ssa.CallInstruction:
			f.call(r, v)
		case *ssa.Return:
			for i, res := range r.Results {
				if res == v && f.depth == 0 {
					f.returns[i] = true
				}
			}
			f.handOver(r)
		case *ssa.Store:
			if r.Val == v {
				f.store(r)
			}
		case *ssa.FieldAddr, *ssa.Field:
			f.field(r)
		case *ssa.MakeClosure:
			for i, b := range r.Bindings {
				if b == v {
					f.closure(r, i, false)
				}
			}
		case *ssa.Send, *ssa.MapUpdate, *ssa.Panic, *ssa.Select:
			f.handOver(r)
		}
	}
}

// addr follows a variable whose contents hold the resource: a local that
// is captured by a closure or whose address is taken.
func (f *flow) addr(a ssa.Value) {
	if f.seen[a] {
		return
	}
	f.seen[a] = true
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.UnOp:
			if r.Op == token.MUL {
				f.value(r)
			}
		case *ssa.Store:
			if r.Val == a {
				f.handOver(r) // the address itself escapes
			}
		case *ssa.MakeClosure:
			for i, b := range r.Bindings {
				if b == a {
					f.closure(r, i, true)
				}
			}
		case *ssa.DebugRef:
		default:
			// The address escapes (passed, returned, converted): whoever
			// gets it may release the resource.
			f.handOver(r)
		}
	}
}

func (f *flow) store(s *ssa.Store) {
	switch addr := s.Addr.(type) {
	case *ssa.Alloc:
		if f.vars == nil {
			f.vars = make(map[*ssa.Alloc]bool)
		}
		f.vars[addr] = true
		f.addr(addr)
		for _, esc := range f.escapedVars[addr] {
			if precedes(esc, s) {
				f.handOver(s)
			}
		}
	case *ssa.FieldAddr:
		if alloc, ok := addr.X.(*ssa.Alloc); ok && !alloc.Heap {
			// A field of a local struct that does not escape: the
			// resource is where the field is read.
			f.localField(alloc, addr.Field)
			return
		}
		if f.e.kind.Called {
			// A cancel func kept in a field is only useful if something
			// reads the field to call it.
			if fv := fieldOf(addr.X.Type(), addr.Field); fv != nil && !f.e.fieldRead(fv) {
				f.unreadField = fv.Name()
				if n := namedOf(addr.X.Type()); n != nil {
					f.unreadField = n.Obj().Name() + "." + fv.Name()
				}
				return
			}
		}
		f.handOver(s)
	case *ssa.IndexAddr:
		if alloc, ok := addr.X.(*ssa.Alloc); ok {
			// An element of an array or slice literal of this
			// function: the resource is where an element is read.
			f.localArray(alloc)
			return
		}
		f.handOver(s)
	default:
		// Globals, captured variables of the enclosing function, slice
		// and array elements, pointers from the caller: the value
		// outlives the call.
		f.handOver(s)
	}
}

// localField follows field i of alloc, a struct local to the function
// that holds the resource: reading the field yields the resource, and any
// use of the whole struct (copied, returned, passed) hands it over.
func (f *flow) localField(alloc *ssa.Alloc, i int) {
	for _, r := range *alloc.Referrers() {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if r.Field != i {
				continue
			}
			for _, fr := range *r.Referrers() {
				if load, ok := fr.(*ssa.UnOp); ok && load.Op == token.MUL {
					f.value(load)
				}
			}
		case *ssa.UnOp:
			if r.Op == token.MUL {
				f.structValue(r, i)
			} else {
				f.handOver(r)
			}
		case *ssa.DebugRef:
		case *ssa.Store:
			// The whole struct overwritten, or stored elsewhere.
			if r.Addr != alloc {
				f.handOver(r)
			}
		default:
			f.handOver(r)
		}
	}
}

// localArray follows alloc, an array (or a slice literal's backing
// array) of this function with the resource in an element. Reading any
// element may yield it; len and cap leave it be; any other use of the
// array or of a slice of it (passing, storing, returning, append) hands
// it over.
func (f *flow) localArray(a ssa.Value) {
	if f.seen[a] {
		return
	}
	f.seen[a] = true
	for _, r := range *a.Referrers() {
		switch r := r.(type) {
		case *ssa.IndexAddr:
			for _, rr := range *r.Referrers() {
				switch rr := rr.(type) {
				case *ssa.UnOp:
					if rr.Op == token.MUL {
						f.value(rr)
					}
				case *ssa.Store:
					if rr.Val != r {
						continue // an element written
					}
					f.handOver(rr)
				case *ssa.DebugRef:
				default:
					f.handOver(rr)
				}
			}
		case *ssa.Slice:
			f.localArray(r)
		case *ssa.Call:
			if b, ok := r.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") {
				continue
			}
			if f.formatted(r, a) {
				continue
			}
			f.handOver(r)
		case *ssa.DebugRef:
		default:
			f.handOver(r)
		}
	}
}

// structValue follows a struct value whose field i holds the resource.
func (f *flow) structValue(v ssa.Value, i int) {
	if f.seen[v] {
		return
	}
	f.seen[v] = true
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Field:
			if r.Field == i {
				f.value(r)
			}
		case *ssa.Store:
			if a, ok := r.Addr.(*ssa.Alloc); ok && !a.Heap {
				f.localField(a, i) // copied to another local
			} else {
				f.handOver(r)
			}
		case *ssa.MakeInterface, *ssa.ChangeType:
			f.structValue(r.(ssa.Value), i)
		case ssa.CallInstruction:
			if !f.unreleasingArg(r, v) {
				f.handOver(r)
			}
		case *ssa.DebugRef:
		default:
			f.handOver(r)
		}
	}
}

// unreleasingArg reports whether instr passes v only as arguments whose
// parameter type is an interface without the release method: an
// io.Reader adapter around the resource cannot be closed through it.
func (f *flow) unreleasingArg(instr ssa.CallInstruction, v ssa.Value) bool {
	common := instr.Common()
	callee := common.StaticCallee()
	if f.method == "" || common.Value == v || callee == nil {
		return false
	}
	if canRetain(callee) {
		return false
	}
	for i, arg := range common.Args {
		if arg == v && canRelease(paramType(callee, i), f.method) {
			return false
		}
	}
	return true
}

// canRetain reports whether a result of fn may carry on a value it was
// given: anything but basic types, errors, and slices and arrays of basic
// types.
func canRetain(fn *ssa.Function) bool {
	errType := types.Universe.Lookup("error").Type()
	res := fn.Signature.Results()
	for i := range res.Len() {
		t := res.At(i).Type()
		if types.Identical(t, errType) {
			continue
		}
		switch u := t.Underlying().(type) {
		case *types.Basic:
			continue
		case *types.Slice:
			if _, ok := u.Elem().Underlying().(*types.Basic); ok {
				continue
			}
		case *types.Array:
			if _, ok := u.Elem().Underlying().(*types.Basic); ok {
				continue
			}
		}
		return true
	}
	return false
}

func (f *flow) call(instr ssa.CallInstruction, v ssa.Value) {
	common := instr.Common()
	if f.isNextCall(common, v) {
		f.nextCall(instr)
		return
	}
	if f.ownMethod(common, v) {
		return
	}
	if common.Value == v {
		switch {
		case common.IsInvoke():
			if f.method != "" && common.Method.Name() == f.method {
				f.release(instr)
			}
		case f.e.kind.Called || f.calling:
			f.release(instr)
		}
	}
	for i, arg := range common.Args {
		if arg != v {
			continue
		}
		if common.IsInvoke() {
			f.handOver(instr) // an interface method we cannot see
			continue
		}
		if _, ok := common.Value.(*ssa.Builtin); ok {
			continue // len, print, ...: no effect on ownership
		}
		callee := common.StaticCallee()
		if callee == nil {
			f.handOver(instr) // a func value we cannot see
			continue
		}
		if i == 0 && f.method != "" && callee.Signature.Recv() != nil && callee.Name() == f.method {
			f.release(instr)
			continue
		}
		if i == 0 && isReadAll(callee) && isResponseBody(v) {
			f.readErr(instr)
			continue
		}
		if f.method != "" && !canRelease(paramType(callee, i), f.method) && !canRetain(callee) {
			// io.ReadAll(f), fmt.Fprintf(f, ...): as an io.Reader or
			// io.Writer the callee cannot release the value without
			// asserting its type, and its results cannot carry it on
			// (as http.NewRequest's does, to a Client that closes it).
			continue
		}
		u, known := f.e.paramUseFor(callee, i, f.method)
		if !known && dropsResults(instr, callee) && isInterface(paramType(callee, i)) {
			// A callee we know nothing of, whose results could carry
			// the value on but are dropped: http.MaxBytesReader(w,
			// resp.Body, n) with its result unused hands nothing over.
			continue
		}
		switch {
		case u.Released:
			f.release(instr)
		case u.Kept:
			f.handOver(instr)
		}
	}
}

// closure handles v (or, when byRef, the variable holding v) captured as
// free variable i of mc: if the closure releases or keeps it, calling the
// closure does, and handing the closure over hands the resource over.
func (f *flow) closure(mc *ssa.MakeClosure, i int, byRef bool) {
	anon, ok := mc.Fn.(*ssa.Function)
	if !ok || i >= len(anon.FreeVars) {
		f.handOver(mc)
		return
	}
	sub := newFlow(f.e, anon, f.method)
	sub.calling = f.calling
	if f.depth == 0 {
		sub.next = f.next
	}
	if byRef {
		sub.addr(anon.FreeVars[i])
	} else {
		sub.value(anon.FreeVars[i])
	}
	sub.settle()
	if !sub.released && !sub.kept {
		return
	}
	var variable *ssa.Alloc
	if byRef {
		variable, _ = mc.Bindings[i].(*ssa.Alloc)
	}
	use := closureUse{releases: sub.released, byRef: byRef, variable: variable}
	if sub.released && !sub.kept && sub.escapesUnhandled() {
		// `defer func() { if err != nil { cancel() } }()`: calling it
		// releases on some paths only (see settle). A goroutine that
		// does so is still trusted: it typically waits for one of
		// several events, and the others (the context being done) need
		// no release.
		use = closureUse{releases: true, onlyInGo: true, byRef: byRef, variable: variable}
	}
	f.closureValue(mc, use, make(map[ssa.Value]bool))
}

// closureUse is what calling a closure does to the resource it captured.
type closureUse struct {
	releases bool
	// onlyInGo: the closure releases on some of its paths only, which is
	// a release when it runs as a goroutine and nothing otherwise.
	onlyInGo bool
	// byRef: the closure reads the resource from a variable it captured.
	byRef bool
	// variable is that variable, if a local one.
	variable *ssa.Alloc
}

// escape hands c over at instr. A closure that releases what it reads
// from a variable, handed to code this function cannot see (a callback
// field, a registry, t.Cleanup), may run at any later point: "stop once
// the watch starts". Whatever is stored in the variable is then handed
// over too, when it is stored after the hand-over (see store); a store
// before it is handed over where the closure is.
func (f *flow) escape(instr ssa.Instruction, use closureUse) {
	f.handOver(instr)
	if use.releases && use.variable != nil {
		if f.escapedVars == nil {
			f.escapedVars = make(map[*ssa.Alloc][]ssa.Instruction)
		}
		f.escapedVars[use.variable] = append(f.escapedVars[use.variable], instr)
	}
}

func (f *flow) closureValue(c ssa.Value, use closureUse, seen map[ssa.Value]bool) {
	if seen[c] {
		return
	}
	seen[c] = true
	for _, r := range *c.Referrers() {
		switch r := r.(type) {
		case ssa.CallInstruction:
			_, isGo := r.(*ssa.Go)
			if _, isDefer := r.(*ssa.Defer); isDefer && use.byRef && r.Common().Value == c {
				if f.lateDefers == nil {
					f.lateDefers = make(map[ssa.Instruction]bool)
				}
				f.lateDefers[r] = true
			}
			switch {
			case r.Common().Value != c:
				f.escape(r, use)
			case use.onlyInGo && !isGo:
				f.condReleases = append(f.condReleases, r)
			case use.releases:
				f.release(r)
			default:
				f.handOver(r)
			}
		case *ssa.Phi, *ssa.ChangeType, *ssa.MakeInterface:
			f.closureValue(r.(ssa.Value), use, seen)
		case *ssa.Return:
			for j, res := range r.Results {
				if res == c {
					f.returns[j] = true
				}
			}
			f.handOver(r)
		case *ssa.Store:
			if a, ok := r.Addr.(*ssa.Alloc); ok {
				for _, rr := range *a.Referrers() {
					switch rr := rr.(type) {
					case *ssa.UnOp:
						if rr.Op == token.MUL {
							f.closureValue(rr, use, seen)
						}
					case *ssa.MakeClosure:
						// Another closure captures the variable that
						// holds this one: it may call it, or pass it
						// on, whenever it runs.
						f.escape(rr, use)
					}
				}
				continue
			}
			f.escape(r, use)
		case *ssa.DebugRef:
		default:
			f.escape(r, use)
		}
	}
}

// addErr marks v as an error result of the acquisition, and so the
// loads of a variable v is stored in that certainly still hold it: a
// named result, or an err captured by a deferred closure, lives in one.
func (f *flow) addErr(v ssa.Value) {
	f.errs[v] = true
	for _, r := range *v.Referrers() {
		s, ok := r.(*ssa.Store)
		if !ok || s.Val != v {
			continue
		}
		alloc, ok := s.Addr.(*ssa.Alloc)
		if !ok {
			continue
		}
		captured := false
		for _, ar := range *alloc.Referrers() {
			if _, ok := ar.(*ssa.MakeClosure); ok {
				captured = true
			}
		}
		for _, ar := range *alloc.Referrers() {
			if load, ok := ar.(*ssa.UnOp); ok && load.Op == token.MUL && storeReaches(s, load, captured) {
				f.errs[load] = true
			}
		}
	}
}

// storeReaches reports whether load reads the value that s stored: s
// comes first on the only path into load, with no other store to the
// variable between them, nor a call that could make one when closures
// capture it.
func storeReaches(s *ssa.Store, load *ssa.UnOp, captured bool) bool {
	b := load.Block()
	end := indexIn(load)
	for range 64 {
		for i := end - 1; i >= 0; i-- {
			switch instr := b.Instrs[i].(type) {
			case *ssa.Store:
				if instr == s {
					return true
				}
				if instr.Addr == s.Addr {
					return false
				}
			case *ssa.Call, *ssa.Go:
				if captured {
					return false
				}
			}
		}
		if len(b.Preds) != 1 {
			return false
		}
		b = b.Preds[0]
		end = len(b.Instrs)
	}
	return false
}

// isNil reports whether v is the constant nil.
func isNil(v ssa.Value) bool {
	c, ok := v.(*ssa.Const)
	return ok && c.Value == nil && !isBasic(c.Type())
}

func isBasic(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() != types.UntypedNil
}

// cancelReleases follows cancel, the cancel function of the context a
// context-bound resource was made with: calling it releases the resource.
func (f *flow) cancelReleases(cancel ssa.Value) {
	was := f.calling
	f.calling = true
	f.value(cancel)
	f.calling = was
}

// paramType is the type of argument i of a static call of fn, receiver
// first, or nil.
func paramType(fn *ssa.Function, i int) types.Type {
	sig := fn.Signature
	if sig.Recv() != nil {
		if i == 0 {
			return sig.Recv().Type()
		}
		i--
	}
	if i >= sig.Params().Len() {
		return nil
	}
	return sig.Params().At(i).Type()
}

// canRelease reports whether a parameter of type t may be released with
// method: anything but a non-empty interface that lacks the method.
func canRelease(t types.Type, method string) bool {
	if t == nil {
		return true
	}
	if _, ok := types.Unalias(t).(*types.TypeParam); ok {
		return true // its core type decides, per instance
	}
	iface, ok := t.Underlying().(*types.Interface)
	if ok && isPath(method) {
		return false // an interface has no fields to release through
	}
	if !ok || iface.NumMethods() == 0 {
		return true
	}
	obj, _, _ := types.LookupFieldOrMethod(t, false, nil, method)
	return obj != nil
}

// dropsResults reports whether instr is a plain call of callee, a
// function whose results could carry an argument on, that leaves every
// such result unused.
func dropsResults(instr ssa.CallInstruction, callee *ssa.Function) bool {
	call, ok := instr.(*ssa.Call)
	if !ok || !canRetain(callee) {
		return false
	}
	errType := types.Universe.Lookup("error").Type()
	for _, r := range *call.Referrers() {
		ex, ok := r.(*ssa.Extract)
		if !ok {
			if _, dbg := r.(*ssa.DebugRef); dbg {
				continue
			}
			return false
		}
		if types.Identical(ex.Type(), errType) {
			continue
		}
		if refs := ex.Referrers(); refs != nil && len(*refs) > 0 {
			return false
		}
	}
	return true
}

func isInterface(t types.Type) bool {
	if t == nil {
		return false
	}
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

// formatted reports whether call passes the slice s only as the final
// ...any of a function whose results cannot carry the value on:
// fmt.Println(v), log.Printf("%v", v) format what they are given and
// keep none of it. (A ...io.Closer parameter may release it.)
func (f *flow) formatted(call *ssa.Call, s ssa.Value) bool {
	callee := call.Call.StaticCallee()
	if f.method == "" || callee == nil || !callee.Signature.Variadic() || canRetain(callee) {
		return false
	}
	args := call.Call.Args
	if len(args) == 0 || args[len(args)-1] != s {
		return false
	}
	for _, a := range args[:len(args)-1] {
		if a == s {
			return false
		}
	}
	params := callee.Signature.Params()
	slice, ok := params.At(params.Len() - 1).Type().Underlying().(*types.Slice)
	if !ok {
		return false
	}
	iface, ok := slice.Elem().Underlying().(*types.Interface)
	return ok && iface.NumMethods() == 0
}

// readErr marks the error result of io.ReadAll(resp.Body): the read of a
// response body failed, and net/http's transport has then torn the
// connection down (its read loop ends on the first failed body read, and
// HTTP/2 resets the stream), so on that error path there is nothing left
// to close, as on the error path of the request itself. ReadAll returns
// no io.EOF: its error is a failed read.
func (f *flow) readErr(instr ssa.CallInstruction) {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return
	}
	for _, r := range *call.Referrers() {
		if ext, ok := r.(*ssa.Extract); ok && ext.Index == 1 {
			f.addErr(ext)
		}
	}
}

// isReadAll reports whether fn is io.ReadAll or io/ioutil.ReadAll.
func isReadAll(fn *ssa.Function) bool {
	if fn.Pkg == nil || fn.Name() != "ReadAll" || fn.Signature.Recv() != nil {
		return false
	}
	p := fn.Pkg.Pkg.Path()
	return p == "io" || p == "io/ioutil"
}

// isResponseBody reports whether v is read from the Body field of a
// net/http Response.
func isResponseBody(v ssa.Value) bool {
	for range 3 {
		switch c := v.(type) {
		case *ssa.ChangeInterface:
			v = c.X
			continue
		case *ssa.ChangeType:
			v = c.X
			continue
		}
		break
	}
	var x ssa.Value
	var field int
	switch v := v.(type) {
	case *ssa.UnOp:
		fa, ok := v.X.(*ssa.FieldAddr)
		if !ok || v.Op != token.MUL {
			return false
		}
		x, field = fa.X, fa.Field
	case *ssa.Field:
		x, field = v.X, v.Field
	default:
		return false
	}
	t := x.Type()
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "net/http" || n.Obj().Name() != "Response" {
		return false
	}
	st, ok := n.Underlying().(*types.Struct)
	return ok && field < st.NumFields() && st.Field(field).Name() == "Body"
}
