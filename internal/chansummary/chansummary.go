// Package chansummary gathers, once per package, every operation on the
// channels a package keeps in its own struct fields: sends, receives
// (plain, ranged, select cases), closes and hand-offs, with the function
// (method, closure, goroutine body) performing each.
//
// A channel read from a field of a package's own struct type is a closed
// world when its value never reaches code the package cannot see: the
// field is unexported (or the package is a command), it is only ever
// filled with channels made here, and its value is not handed to unknown
// code. Then the summary is the whole truth about that channel, and a
// pass can say "nothing sends on it" or "nothing receives from it" for
// certain. When the value may leave, Open (or RecvOutside, when it leaves
// only as a receive-only channel) says which claims remain sound.
//
// lostsend and undrainedchan both stand on this one summary instead of
// each keeping a model of field channels; the SSA form is shared through
// lazyssa and the summary is built on first use only.
package chansummary

import (
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/lazyssa"
)

// Analyzer yields a *Lazy for each package.
var Analyzer = &analysis.Analyzer{
	Name:       "leaklintchans",
	Doc:        "summarises the operations on the channels a package keeps in struct fields, for the leaklint passes",
	Run:        run,
	Requires:   []*analysis.Analyzer{lazyssa.Analyzer},
	ResultType: reflect.TypeFor[*Lazy](),
}

// Lazy computes the summary on first use and shares it between passes.
type Lazy struct {
	make func() *Summary // nil: nothing to summarise

	mu    sync.Mutex
	built *Summary
	done  bool
}

// Summary returns the package's summary, computing it on first use. It is
// safe for concurrent use.
func (l *Lazy) Summary() *Summary {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.done && l.make != nil {
		// After Release only a misordered caller gets here: it pays
		// for a second summary rather than getting a wrong answer.
		l.built, l.done = l.make(), true
	}
	return l.built
}

// Release drops the summary, which points into the package's SSA form:
// the driver keeps every package's results until it exits, and a summary
// kept would keep that whole SSA form live.
func (l *Lazy) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.built, l.done = nil, false
}

// OpKind says what an operation does to a field's channel.
type OpKind int

const (
	// Send is a send statement or a send case of a select.
	Send OpKind = iota
	// Recv is a receive, a range iteration or a receive case of a select.
	Recv
	// Close is close(ch).
	Close
)

// Op is one operation on a field's channel.
type Op struct {
	Kind  OpKind
	Instr ssa.Instruction
	// Fn is the function whose body holds Instr.
	Fn *ssa.Function
	// Select and Case are set for a select case.
	Select *ssa.Select
	Case   int
	// Direct is true when the channel reached Instr read from the field
	// (or from an accessor of it) in Fn or a closure of Fn, not through a
	// parameter that other channels may also fill.
	Direct bool
}

// Pos is the position of the operation: the arrow of a select case, the
// statement otherwise.
func (o Op) Pos() token.Pos {
	if o.Select != nil && o.Case < len(o.Select.States) && o.Select.States[o.Case].Pos.IsValid() {
		return o.Select.States[o.Case].Pos
	}
	return o.Instr.Pos()
}

// Field is what the package does with one channel field.
type Field struct {
	Var *types.Var
	// Name is how a reader names the field: Type.field.
	Name string
	Ops  []Op
	// Open is true when the channel may be used where the package cannot
	// see (Escapes), or may be a channel others hold too (filled from
	// elsewhere, or never made here): nothing may be concluded about it.
	Open bool
	// Escapes is true when the field's channel may reach code the package
	// cannot see. A field only filled from elsewhere (a producer's
	// result) but not escaping still has all its receives here.
	Escapes bool
	// RecvOutside is true when the channel leaves only as a receive-only
	// channel: others may receive from it, but cannot send or close.
	RecvOutside bool
	// Cap is the largest buffer any make filling the field gives it, when
	// CapKnown.
	Cap      int64
	CapKnown bool
	// made is true when some store fills the field with a channel made
	// in this package; foreign when some store fills it with another.
	made, foreign bool
}

// Count returns how many operations of kind k the package performs.
func (f *Field) Count(k OpKind) int {
	n := 0
	for _, o := range f.Ops {
		if o.Kind == k {
			n++
		}
	}
	return n
}

// Summary is the package-wide view of its field channels.
type Summary struct {
	Pkg    *ssa.Package
	Funcs  []*ssa.Function
	Fields map[*types.Var]*Field
	// Starts maps a function to the go statements that run it as a
	// goroutine.
	Starts map[*ssa.Function][]*ssa.Go
	// Callers maps a function to the call instructions of this package
	// that call it statically.
	Callers map[*ssa.Function][]ssa.CallInstruction
	// Invokes maps a method name to the interface calls of that name.
	Invokes map[string][]ssa.CallInstruction
	// Command is true for package main, whose exported names no one
	// else can reach.
	Command bool
	// refs holds the functions (and their objects) used as values, not
	// only called: a method value or func value may run from anywhere.
	refs    map[*ssa.Function]bool
	refObjs map[types.Object]bool
	// boxed holds the named types converted to interfaces: their methods
	// may be called through the interface, by other packages too.
	boxed map[*types.TypeName]bool
	// boxedFor holds, for each named type converted to an interface
	// declared elsewhere or exported, the method names that interface
	// has: code out of sight calls those through it.
	boxedFor map[*types.TypeName]map[string]bool
	// exposed holds the package's unexported named types that its
	// exported API hands out (see exposedTypes).
	exposed map[*types.TypeName]bool
}

// FieldOf returns the field's summary for a channel value read from a
// field of this package (a load, or a call of an accessor), or nil.
func (s *Summary) FieldOf(v ssa.Value) *Field {
	if s == nil {
		return nil
	}
	if f := fieldVar(v); f != nil {
		return s.Fields[f]
	}
	return nil
}

func run(pass *analysis.Pass) (any, error) {
	if !declaresChanField(pass) {
		return &Lazy{}, nil
	}
	lazy := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy)
	command := pass.Pkg.Name() == "main"
	return &Lazy{make: func() *Summary {
		b := lazy.Build()
		return summarise(b.Pkg, b.SrcFuncs, command)
	}}, nil
}

// declaresChanField reports whether the package declares a struct type
// with a channel field: without one there is nothing to summarise. Every
// field of every struct type written in the package, named or not,
// embedded or not, is defined in Defs, which is cheaper to scan than the
// syntax (the pass runs on every dependency).
func declaresChanField(pass *analysis.Pass) bool {
	for _, obj := range pass.TypesInfo.Defs {
		if v, ok := obj.(*types.Var); ok && v.IsField() {
			if _, isChan := types.Unalias(v.Type()).Underlying().(*types.Chan); isChan {
				return true
			}
		}
	}
	return false
}

// fieldVar is the field a value is read from: *FieldAddr(x, i) or
// Field(x, i) of a channel-typed field, seen through conversions.
func fieldVar(v ssa.Value) *types.Var {
	for range 4 {
		ct, ok := v.(*ssa.ChangeType)
		if !ok {
			break
		}
		v = ct.X
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if fa, ok := x.X.(*ssa.FieldAddr); ok && x.Op == token.MUL {
			return structField(fa.X.Type(), fa.Field)
		}
	case *ssa.Field:
		return structField(x.X.Type(), x.Field)
	}
	return nil
}

func structField(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	st, ok := t.Underlying().(*types.Struct)
	if !ok || i >= st.NumFields() {
		return nil
	}
	f := st.Field(i).Origin()
	if _, isChan := f.Type().Underlying().(*types.Chan); !isChan {
		return nil
	}
	return f
}

type builder struct {
	s         *Summary
	accessors map[*ssa.Function]*types.Var
	seen      map[seenKey]bool
	owners    map[*types.Var]string
}

type seenKey struct {
	v      ssa.Value
	f      *types.Var
	direct bool
}

func summarise(pkg *ssa.Package, funcs []*ssa.Function, command bool) *Summary {
	s := &Summary{
		Pkg:     pkg,
		Funcs:   funcs,
		Fields:  map[*types.Var]*Field{},
		Starts:  map[*ssa.Function][]*ssa.Go{},
		Callers: map[*ssa.Function][]ssa.CallInstruction{},
		Invokes: map[string][]ssa.CallInstruction{},
		Command: command,
		refs:    map[*ssa.Function]bool{},
		refObjs: map[types.Object]bool{},
		boxed:   map[*types.TypeName]bool{},

		boxedFor: map[*types.TypeName]map[string]bool{},
	}
	s.exposed = exposedTypes(pkg.Pkg)
	b := &builder{s: s, accessors: map[*ssa.Function]*types.Var{}, seen: map[seenKey]bool{}, owners: map[*types.Var]string{}}
	for _, name := range pkg.Pkg.Scope().Names() {
		tn, ok := pkg.Pkg.Scope().Lookup(name).(*types.TypeName)
		if !ok {
			continue
		}
		if st, ok := tn.Type().Underlying().(*types.Struct); ok {
			for i := range st.NumFields() {
				b.owners[st.Field(i)] = name
			}
		}
	}
	// Interfaces a box is viewed as after it was made: whatever is boxed
	// and has their methods may be called through them.
	var views []types.Type
	viewed := map[types.Type]bool{}
	type boxing struct {
		tn    *types.TypeName
		iface types.Type
	}
	boxings := map[boxing]bool{}
	// Operands appends to rands; one array serves every instruction.
	var rands [8]*ssa.Value
	for _, fn := range funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				if mi, ok := instr.(*ssa.MakeInterface); ok {
					if n := namedOf(mi.X.Type()); n != nil && !boxings[boxing{n.Obj(), mi.Type()}] {
						// Once per type and interface: recording it
						// again adds nothing.
						boxings[boxing{n.Obj(), mi.Type()}] = true
						s.boxed[n.Obj()] = true
						s.boxedInto(n.Obj(), mi.Type())
					}
				}
				switch x := instr.(type) {
				case *ssa.ChangeInterface:
					if !viewed[x.Type()] {
						viewed[x.Type()] = true
						views = append(views, x.Type())
					}
				case *ssa.TypeAssert:
					if types.IsInterface(x.AssertedType) && !viewed[x.AssertedType] {
						viewed[x.AssertedType] = true
						views = append(views, x.AssertedType)
					}
				}
				for i, op := range instr.Operands(rands[:0]) {
					f, ok := (*op).(*ssa.Function)
					if !ok {
						continue
					}
					if ci, isCall := instr.(ssa.CallInstruction); isCall && i == 0 && ci.Common().Value == f {
						continue // a static call, not a value
					}
					s.refs[f] = true
					if obj := f.Object(); obj != nil {
						s.refObjs[obj] = true
					}
				}
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				c := ci.Common()
				if c.IsInvoke() {
					s.Invokes[c.Method.Name()] = append(s.Invokes[c.Method.Name()], ci)
					continue
				}
				callee := c.StaticCallee()
				if callee == nil {
					continue
				}
				s.Callers[callee] = append(s.Callers[callee], ci)
				if g, ok := ci.(*ssa.Go); ok {
					s.Starts[callee] = append(s.Starts[callee], g)
				}
			}
		}
	}
	for _, v := range views {
		s.viewedAs(v)
	}
	for _, fn := range funcs {
		if f := accessorOf(fn); f != nil {
			b.accessors[fn] = f
		}
	}
	for _, fn := range funcs {
		for _, blk := range fn.Blocks {
			for _, instr := range blk.Instrs {
				b.visitInstr(fn, instr)
			}
		}
	}
	for fn, fv := range b.accessors {
		// Callers out of sight get the channel too.
		if s.Dynamic(fn) {
			b.leaves(b.field(fv), fn.Signature.Results().At(0).Type())
		}
	}
	for fv, f := range s.Fields {
		// A field never filled here is filled elsewhere (by the
		// package's tests, say), or is nil by mistake: out of sight.
		if fv.Pkg() != pkg.Pkg || fv.Exported() && !command {
			f.Escapes = true
		}
		f.Open = f.Open || f.Escapes || f.foreign || !f.made
	}
	return s
}

func (b *builder) field(v *types.Var) *Field {
	f := b.s.Fields[v]
	if f == nil {
		name := v.Name()
		if o := b.owners[v]; o != "" {
			name = o + "." + name
		}
		f = &Field{Var: v, Name: name, CapKnown: true}
		b.s.Fields[v] = f
	}
	return f
}

// visitInstr finds the roots in one instruction: loads of a channel
// field, calls of an accessor, and stores filling a field.
func (b *builder) visitInstr(fn *ssa.Function, instr ssa.Instruction) {
	switch instr := instr.(type) {
	case *ssa.FieldAddr:
		fv := structField(instr.X.Type(), instr.Field)
		if fv == nil {
			return
		}
		f := b.field(fv)
		for _, r := range *instr.Referrers() {
			switch r := r.(type) {
			case *ssa.UnOp:
				if r.Op != token.MUL {
					f.Escapes = true
					continue
				}
				if b.accessors[fn] == fv && onlyReturned(r) {
					continue // the accessor's callers are roots
				}
				b.follow(f, r, true)
			case *ssa.Store:
				if r.Addr == instr {
					b.filled(f, fn, r.Val)
				} else {
					f.Escapes = true
				}
			case *ssa.DebugRef:
			default:
				f.Escapes = true // its address is taken
			}
		}
	case *ssa.Field:
		if fv := structField(instr.X.Type(), instr.Field); fv != nil {
			f := b.field(fv)
			if b.accessors[fn] == fv && onlyReturned(instr) {
				return
			}
			b.follow(f, instr, true)
		}
	case *ssa.Call:
		callee := instr.Call.StaticCallee()
		if fv, ok := b.accessors[callee]; ok && callee != nil {
			b.follow(b.field(fv), instr, true)
		}
	}
}

// onlyReturned reports whether every use of v is a return statement.
func onlyReturned(v ssa.Value) bool {
	for _, r := range *v.Referrers() {
		switch r := r.(type) {
		case *ssa.Return, *ssa.DebugRef:
		case *ssa.ChangeType:
			if !onlyReturned(r) {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// filled records what a store puts in the field: a channel made here (its
// buffer, and its other uses), the field's own value, or nil; anything
// else is a channel from elsewhere that others may use.
func (b *builder) filled(f *Field, fn *ssa.Function, val ssa.Value) {
	for {
		ct, ok := val.(*ssa.ChangeType)
		if !ok {
			break
		}
		val = ct.X
	}
	switch v := val.(type) {
	case *ssa.MakeChan:
		f.made = true
		n, ok := b.capOf(fn, v.Size, 0)
		if !ok {
			f.CapKnown = false
		} else if n > f.Cap {
			f.Cap = n
		}
		b.follow(f, v, true)
	case *ssa.Const:
		if !v.IsNil() {
			f.foreign = true
		}
	default:
		if fieldVar(v) != f.Var {
			f.foreign = true
		}
	}
}

// capOf resolves a buffer size: a constant, or a parameter every caller in
// the package fills with a constant (the largest).
func (b *builder) capOf(fn *ssa.Function, size ssa.Value, depth int) (int64, bool) {
	switch v := size.(type) {
	case *ssa.Const:
		if v.Value == nil || v.Value.Kind() != constant.Int {
			return 0, false
		}
		n, exact := constant.Int64Val(v.Value)
		return n, exact
	case *ssa.Convert:
		return b.capOf(fn, v.X, depth)
	case *ssa.Parameter:
		if depth > 3 {
			return 0, false
		}
		idx := -1
		for i, p := range fn.Params {
			if p == v {
				idx = i
			}
		}
		callers := b.s.Callers[fn]
		if idx < 0 || len(callers) == 0 || fn.Object() != nil && fn.Object().Exported() && !b.s.Command {
			return 0, false
		}
		var max int64
		for _, c := range callers {
			args := c.Common().Args
			if len(args) != len(fn.Params) {
				return 0, false
			}
			n, ok := b.capOf(c.Parent(), args[idx], depth+1)
			if !ok {
				return 0, false
			}
			if n > max {
				max = n
			}
		}
		return max, true
	}
	return 0, false
}

// follow records every use of a value holding the field's channel.
func (b *builder) follow(f *Field, root ssa.Value, direct bool) {
	k := seenKey{root, f.Var, direct}
	if b.seen[k] {
		return
	}
	b.seen[k] = true
	for _, u := range chanflow.Uses(root) {
		fn := u.Instr.Parent()
		switch u.Kind {
		case chanflow.Recv:
			f.Ops = append(f.Ops, Op{Kind: Recv, Instr: u.Instr, Fn: fn, Direct: direct})
		case chanflow.Send:
			f.Ops = append(f.Ops, Op{Kind: Send, Instr: u.Instr, Fn: fn, Direct: direct})
		case chanflow.SelectRecv, chanflow.SelectSend:
			kind := Recv
			if u.Kind == chanflow.SelectSend {
				kind = Send
			}
			f.Ops = append(f.Ops, Op{Kind: kind, Instr: u.Instr, Fn: fn, Select: u.Instr.(*ssa.Select), Case: u.Case, Direct: direct})
		case chanflow.Close:
			f.Ops = append(f.Ops, Op{Kind: Close, Instr: u.Instr, Fn: fn, Direct: direct})
		case chanflow.Capture:
			if r := chanflow.ClosureRoot(u); r != nil {
				b.follow(f, r, direct)
			} else {
				f.Escapes = true
			}
		case chanflow.Arg:
			if u.Callee.Pkg == b.s.Pkg && u.Callee.Blocks != nil {
				if p := chanflow.ParamRoot(u); p != nil {
					b.follow(f, p, false)
					continue
				}
			}
			b.leaves(f, paramType(u))
		case chanflow.Return:
			if b.accessors[fn] == f.Var {
				continue
			}
			var t types.Type
			if res := fn.Signature.Results(); u.Index < res.Len() {
				t = res.At(u.Index).Type()
			}
			b.leaves(f, t)
		case chanflow.Harmless:
		case chanflow.Escape:
			if st, ok := u.Instr.(*ssa.Store); ok {
				if fa, ok := st.Addr.(*ssa.FieldAddr); ok && structField(fa.X.Type(), fa.Field) == f.Var {
					continue // put back where it came from
				}
			}
			b.leaves(f, escapeType(u))
		default:
			f.Escapes = true
		}
	}
}

// leaves records the channel going where the package cannot follow it, as
// a value of type t: receive-only, others can only receive.
func (b *builder) leaves(f *Field, t types.Type) {
	if t != nil {
		if ch, ok := t.Underlying().(*types.Chan); ok && ch.Dir() == types.RecvOnly {
			f.RecvOutside = true
			return
		}
	}
	f.Escapes = true
}

func paramType(u chanflow.Use) types.Type {
	sig := u.Callee.Signature
	if sig.Params().Len() == len(u.Instr.(ssa.CallInstruction).Common().Args) && u.Index < sig.Params().Len() {
		return sig.Params().At(u.Index).Type()
	}
	return nil
}

// escapeType is the type a channel is converted to when an escaping use
// converts it, or nil.
func escapeType(u chanflow.Use) types.Type {
	switch i := u.Instr.(type) {
	case ssa.CallInstruction:
		c := i.Common()
		sig := c.Signature()
		for j, a := range c.Args {
			if a != u.Value {
				continue
			}
			if c.IsInvoke() {
				// Args exclude the receiver for invoke.
			} else if sig.Recv() != nil {
				j--
			}
			if j >= 0 && j < sig.Params().Len() {
				return sig.Params().At(j).Type()
			}
		}
	}
	return nil
}

// accessorOf returns the field a function returns, when its only result
// is a channel and every return yields that field (or nil).
func accessorOf(fn *ssa.Function) *types.Var {
	res := fn.Signature.Results()
	if res.Len() != 1 || fn.Blocks == nil {
		return nil
	}
	if _, ok := res.At(0).Type().Underlying().(*types.Chan); !ok {
		return nil
	}
	var f *types.Var
	for _, blk := range fn.Blocks {
		ret, ok := blk.Instrs[len(blk.Instrs)-1].(*ssa.Return)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		v := ret.Results[0]
		if c, ok := v.(*ssa.Const); ok && c.IsNil() {
			continue
		}
		fv := fieldVar(v)
		if fv == nil || f != nil && fv != f {
			return nil
		}
		f = fv
	}
	return f
}

// Dynamic reports whether fn may be called where the package cannot see
// the call: an exported method or function of a library, or a method some
// interface call of this package may reach.
func (s *Summary) Dynamic(fn *ssa.Function) bool {
	if fn.Parent() != nil {
		return false
	}
	obj := fn.Object()
	if obj == nil {
		return true
	}
	if obj.Exported() && !s.Command {
		return true
	}
	if fn.Signature.Recv() != nil && len(s.Invokes[fn.Name()]) > 0 {
		return true
	}
	return false
}

// CallersOf returns the calls of this package that may run fn: static
// calls, and, for a method, interface calls of that name whose interface
// fn's receiver type implements.
func (s *Summary) CallersOf(fn *ssa.Function) []ssa.CallInstruction {
	callers := s.Callers[fn]
	recv := fn.Signature.Recv()
	if recv == nil {
		return callers
	}
	for _, ci := range s.Invokes[fn.Name()] {
		iface, ok := ci.Common().Value.Type().Underlying().(*types.Interface)
		if ok && types.Implements(recv.Type(), iface) {
			callers = append(callers[:len(callers):len(callers)], ci)
		}
	}
	return callers
}

// Dead reports whether fn can never run: in a command (or unexported and
// reached by no interface), nothing calls it, starts it or takes it as a
// value. Operations in dead code complete nothing.
func (s *Summary) Dead(fn *ssa.Function) bool {
	for fn.Parent() != nil {
		if s.refs[fn] && !s.Dead(fn.Parent()) {
			return false
		}
		fn = fn.Parent()
	}
	if s.Dynamic(fn) || fn.Synthetic != "" || fn.Pkg != s.Pkg {
		return false
	}
	switch fn.Name() {
	case "main", "init":
		return false
	}
	if strings.HasPrefix(fn.Name(), "Test") || strings.HasPrefix(fn.Name(), "Benchmark") || strings.HasPrefix(fn.Name(), "Example") || strings.HasPrefix(fn.Name(), "Fuzz") {
		return false
	}
	if len(s.CallersOf(fn)) > 0 || len(s.Starts[fn]) > 0 || s.refs[fn] {
		return false
	}
	if recv := fn.Signature.Recv(); recv != nil {
		if n := namedOf(recv.Type()); n == nil || s.boxed[n.Obj()] {
			return false
		}
	}
	if obj := fn.Object(); obj == nil || s.refObjs[obj] {
		return false
	}
	return true
}

// StoredIn returns the summary of the channel field a store fills, or nil.
func (s *Summary) StoredIn(st *ssa.Store) *Field {
	fa, ok := st.Addr.(*ssa.FieldAddr)
	if s == nil || !ok {
		return nil
	}
	if fv := structField(fa.X.Type(), fa.Field); fv != nil {
		return s.Fields[fv]
	}
	return nil
}

// LiveRecvs counts the receives from f in code that runs.
func (s *Summary) LiveRecvs(f *Field) int {
	n := 0
	for _, o := range f.Ops {
		if o.Kind == Recv && !s.Dead(o.Fn) {
			n++
		}
	}
	return n
}

func namedOf(t types.Type) *types.Named {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	n, _ := types.Unalias(t).(*types.Named)
	return n
}
