package lifecycle

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
)

// Reason says how a resource leaks.
type Reason int

const (
	// Unreleased: a path from the acquisition reaches Exit without a
	// release or a hand-over.
	Unreleased Reason = iota
	// Discarded: the resource was never bound to a variable.
	Discarded
	// Reacquired: a loop comes back to the acquisition before the
	// previous iteration's value is released.
	Reacquired
	// DeferredInLoop: the release is deferred inside the loop that
	// acquires, so every iteration's resource lives until the function
	// returns.
	DeferredInLoop
)

// Leak is one acquisition that can leak.
type Leak struct {
	Reason Reason
	Func   *ssa.Function
	Callee *types.Func // the acquiring function; nil if unknown
	Result int         // the callee's result that carries the resource
	Type   types.Type  // the resource's static type
	Method string      // release method; "" for resources released by calling them

	Pos  token.Pos // the acquiring call expression
	End  token.Pos
	Exit token.Pos // Unreleased: the return reached; DeferredInLoop: the defer; Reacquired: Pos

	// Path is the syntax enclosing the acquiring call, innermost first
	// (astutil.PathEnclosingInterval), for messages and fixes.
	Path []ast.Node
	// NeverReleased is set when no use of the value releases or hands it
	// over anywhere in the function, so adding a release cannot double it.
	NeverReleased bool
	// UnreadField, for a resource released by calling it, names the
	// field ("client.cancel") it was stored in that nothing in the
	// package reads, so nothing can call it: a store that hands nothing
	// over.
	UnreadField string
}

// Engine analyses one package for one kind of resource.
type Engine struct {
	pass *analysis.Pass
	kind *Kind
	ssa  *lazyssa.SSA

	localTypes map[*types.TypeName]string // must-close types declared here
	funcs      map[*ssa.Function]*funcInfo
	params     map[paramKey]*paramUse
	fieldsRead map[*types.Var]bool
	ctrs       map[*ssa.Function]*counters
	ctxParams  map[paramKey]*ctxUse // see done.go

	// tableNames are the names (the part after the last dot) of the
	// functions the Kind's tables list by full name, and fullNames the
	// full names computed so far: see fullName.
	tableNames map[string]bool
	fullNames  map[*types.Func]string
}

type funcInfo struct {
	inProgress bool
	returns    map[int]bool
	leaks      []Leak
}

type paramKey struct {
	fn     *ssa.Function
	i      int
	method string // set for a part of a resource (see paramUseFor)
}

// Analyze reports the leaks of kind's resources in the pass's package and
// exports the facts that the package's importers need. It builds SSA only
// when the package can hold such a resource.
func Analyze(pass *analysis.Pass, kind *Kind, lazy *lazyssa.Lazy) []Leak {
	e := &Engine{
		pass:       pass,
		kind:       kind,
		localTypes: make(map[*types.TypeName]string),
		funcs:      make(map[*ssa.Function]*funcInfo),
		params:     make(map[paramKey]*paramUse),
	}
	if kind.Directives {
		e.collectTypeDirectives()
	}
	if !e.relevant() || !e.needsSSA() {
		return nil
	}
	e.ssa = lazy.Build()
	var leaks []Leak
	provides := len(e.localTypes) > 0
	for _, fn := range e.ssa.SrcFuncs {
		info := e.analyze(fn)
		leaks = append(leaks, info.leaks...)
		if e.exportFact(fn, info) {
			provides = true
		}
	}
	if provides {
		pass.ExportPackageFact(e.kind.Facts.newPkg())
	}
	slices.SortFunc(leaks, func(a, b Leak) int { return int(a.Pos - b.Pos) })
	return leaks
}

// indexTables notes the names of the functions in the Kind's tables of
// full names, for fullName, on its first call.
func (e *Engine) indexTables() {
	e.tableNames = make(map[string]bool)
	e.fullNames = make(map[*types.Func]string)
	note := func(full string) {
		e.tableNames[full[strings.LastIndexByte(full, '.')+1:]] = true
	}
	for full := range e.kind.Constructors {
		note(full)
	}
	for full := range e.kind.NotConstructors {
		note(full)
	}
	for full := range e.kind.ContextBound {
		note(full)
	}
}

// fullName returns fn.FullName() when it can be a key of the Kind's
// tables, and "" when it cannot. A full name always ends in "." and the
// function's name, so a function whose name ends no key is none of them;
// the engine asks about every call it sees, and building each full name
// cost more than the rest of the engine's work on the call. The full names
// it does build are kept.
func (e *Engine) fullName(fn *types.Func) string {
	if e.tableNames == nil {
		e.indexTables()
	}
	if !e.tableNames[fn.Name()] {
		return ""
	}
	full, ok := e.fullNames[fn]
	if !ok {
		full = fn.FullName()
		e.fullNames[fn] = full
	}
	return full
}

func (e *Engine) collectTypeDirectives() {
	for _, f := range e.pass.Files {
		for _, decl := range f.Decls {
			gd, ok := decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.TYPE {
				continue
			}
			for _, spec := range gd.Specs {
				ts := spec.(*ast.TypeSpec)
				d, ok := directive.OnType(gd, ts, directive.MustClose)
				if !ok {
					continue
				}
				tn, ok := e.pass.TypesInfo.Defs[ts.Name].(*types.TypeName)
				if !ok {
					continue
				}
				e.localTypes[tn] = d.ReleaseMethod()
				tf := e.kind.Facts.newType()
				tf.data().Method = d.ReleaseMethod()
				e.pass.ExportObjectFact(tn, tf)
			}
		}
	}
}

// relevant reports whether the package can acquire or be handed a
// resource of the kind, from its imports alone.
func (e *Engine) relevant() bool {
	if len(e.localTypes) > 0 {
		return true
	}
	triggers := make(map[string]bool)
	for _, p := range e.kind.TriggerImports {
		triggers[p] = true
	}
	for key := range e.kind.Types {
		if i := strings.LastIndexByte(key, '.'); i > 0 {
			triggers[key[:i]] = true
		}
	}
	if triggers[e.pass.Pkg.Path()] {
		return true
	}
	for _, imp := range e.pass.Pkg.Imports() {
		if triggers[imp.Path()] || e.pass.ImportPackageFact(imp, e.kind.Facts.newPkg()) {
			return true
		}
	}
	return false
}

// releaseMethod returns the method that releases values of type t, if t
// is must-close.
func (e *Engine) releaseMethod(t types.Type) (string, bool) {
	if e.kind.Called {
		return "", false
	}
	n := namedOf(t)
	if n == nil {
		return "", false
	}
	if m, ok := e.kind.Types[typeKey(n)]; ok {
		return m, true
	}
	if !e.kind.Directives {
		return "", false
	}
	if m, ok := e.localTypes[n.Obj()]; ok {
		return m, true
	}
	if n.Obj().Pkg() != nil && n.Obj().Pkg() != e.pass.Pkg {
		if f := e.kind.Facts.newType(); e.pass.ImportObjectFact(n.Obj(), f) {
			return f.data().Method, true
		}
	}
	return "", false
}

// canHold reports whether a parameter or result of type t can carry the
// resource, which decides the parameters that facts describe.
func (e *Engine) canHold(t types.Type) bool {
	if e.kind.Called {
		return isCancelLike(t)
	}
	_, ok := e.releaseMethod(t)
	return ok
}

func funcObject(fn *ssa.Function) *types.Func {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	obj, _ := fn.Object().(*types.Func)
	return obj
}

// local reports whether fn's body is in this package, so that its
// summary is computed here rather than read from a fact.
func (e *Engine) local(fn *ssa.Function) bool {
	if o := fn.Origin(); o != nil {
		fn = o
	}
	return fn.Blocks != nil && e.ssa != nil && fn.Pkg == e.ssa.Pkg
}

// acquires returns the results of call that carry a fresh resource.
func (e *Engine) acquires(call *ssa.CallCommon) (callee *types.Func, results []int) {
	if call.IsInvoke() {
		// An interface method (pgx.Tx.Query) has no body to learn from:
		// its must-close results are fresh.
		if e.kind.NotConstructors[e.fullName(call.Method)] {
			return call.Method, nil
		}
		return call.Method, e.namedTypeResults(call.Method, true, nil)
	}
	fn := call.StaticCallee()
	if fn == nil {
		return nil, nil
	}
	obj := funcObject(fn)
	if obj != nil {
		if e.kind.NotConstructors[e.fullName(obj)] {
			return obj, nil
		}
		if i, ok := e.kind.Constructors[e.fullName(obj)]; ok {
			if i < 0 { // the last result, whatever the arity
				i = fn.Signature.Results().Len() - 1
			}
			return obj, []int{i}
		}
	}
	if e.local(fn) {
		target := fn
		if o := fn.Origin(); o != nil {
			target = o
		}
		info := e.analyze(target)
		for i := range info.returns {
			results = append(results, i)
		}
		slices.Sort(results)
		return obj, results
	}
	if obj != nil {
		f := e.kind.Facts.newFunc()
		if !e.pass.ImportObjectFact(obj, f) {
			f = nil
		} else if len(f.data().Returns) > 0 {
			return obj, f.data().Returns
		}
		var borrowed []int
		if f != nil {
			borrowed = f.data().Borrowed
		}
		return obj, e.namedTypeResults(obj, false, borrowed)
	}
	return obj, nil
}

// namedTypeResults returns the results of obj, a function of another
// package or an interface method (invoke), whose type is a must-close
// type that the Kind names (and not a directive): os.Open's *os.File,
// (*sql.DB).Query's *sql.Rows, pgx.Tx.Query's and (*pgxpool.Pool).Query's
// pgx.Rows. Inference from their bodies cannot see these as fresh, since
// the package's own machinery keeps an eye on what it hands out (a
// goroutine watching a context, a pool that wraps the rows), and naming
// the type says that whoever returns one hands out a value to release.
//
// A function of a package other than the type's counts only for an
// interface type, which a wrapper of that package may implement
// (pgxpool's rows): a concrete value it returns came from a constructor,
// which inference sees, or from a literal, which holds nothing to
// release. An interface method counts for any type: it has no body to
// learn from. Left out are methods of the type itself, which return what
// they were called on or a part of it, and the borrowed results of a
// fact: getters that return what a field or a parameter already held.
func (e *Engine) namedTypeResults(obj *types.Func, invoke bool, borrowed []int) []int {
	if (len(e.kind.Types) == 0 && !invoke) || e.kind.Called {
		return nil
	}
	sig := obj.Type().(*types.Signature)
	var recv *types.Named
	if sig.Recv() != nil {
		recv = namedOf(sig.Recv().Type())
	}
	var out []int
	for i := range sig.Results().Len() {
		n := namedOf(sig.Results().At(i).Type())
		if n == nil || n == recv || slices.Contains(borrowed, i) {
			continue
		}
		if _, isIface := n.Underlying().(*types.Interface); !invoke && !isIface && n.Obj().Pkg() != obj.Pkg() {
			continue
		}
		if _, ok := e.kind.Types[typeKey(n)]; ok {
			out = append(out, i)
		} else if _, ok := e.releaseMethod(n); ok && invoke {
			// An interface method has no body to learn from, so a
			// type made must-close by a directive counts too.
			out = append(out, i)
		}
	}
	return out
}

// paramUse says what fn does with its parameter i. Unknown callees are
// assumed to keep it.
func (e *Engine) paramUse(fn *ssa.Function, i int) paramUse {
	u, _ := e.paramUseFor(fn, i, "")
	return u
}

// paramUseFor is paramUse for an argument released by method. A part of
// a resource (resp.Body, released by Close) passed to a function of this
// package as an interface with that method (io.Closer) is followed into
// it. known is false when nothing is known of the callee.
func (e *Engine) paramUseFor(fn *ssa.Function, i int, method string) (u paramUse, known bool) {
	conservative := paramUse{Index: i, Kept: true}
	if o := fn.Origin(); o != nil {
		fn = o
	}
	if e.local(fn) {
		if i >= len(fn.Params) {
			return conservative, false
		}
		key := paramKey{fn, i, ""}
		if !e.canHold(fn.Params[i].Type()) {
			if !isInterfaceWith(fn.Params[i].Type(), method) {
				return conservative, false
			}
			key.method = method
		}
		if u, ok := e.params[key]; ok {
			if u == nil { // recursion: assume the best until proven
				return conservative, true
			}
			return *u, true
		}
		e.params[key] = nil
		fl := newFlow(e, fn, key.method)
		fl.value(fn.Params[i])
		fl.settle()
		u := paramUse{Index: i, Released: fl.released || fl.iterated, Kept: fl.kept}
		e.params[key] = &u
		return u, true
	}
	obj := funcObject(fn)
	if obj == nil {
		return conservative, false
	}
	f := e.kind.Facts.newFunc()
	if !e.pass.ImportObjectFact(obj, f) {
		return conservative, false
	}
	if u, ok := f.data().param(i); ok {
		return u, true
	}
	return conservative, false
}

// exportFact exports what other packages need to know about fn and
// reports whether fn returns resources.
func (e *Engine) exportFact(fn *ssa.Function, info *funcInfo) bool {
	obj, _ := fn.Object().(*types.Func)
	if obj == nil || fn.Parent() != nil || obj.Name() == "_" {
		return false
	}
	fact := e.kind.Facts.newFunc()
	f := fact.data()
	for i := range info.returns {
		f.Returns = append(f.Returns, i)
	}
	slices.Sort(f.Returns)
	for i, p := range fn.Params {
		if e.canHold(p.Type()) {
			f.Params = append(f.Params, e.paramUse(fn, i))
		}
	}
	if e.kind.DoneContext {
		for i, p := range fn.Params {
			if isContextType(p.Type()) {
				if u := e.ctxParam(fn, i); u.Waits || len(u.Errs) > 0 {
					f.Contexts = append(f.Contexts, u)
				}
			}
		}
	}
	f.Borrowed = borrowedResults(fn, e.canHold, info.returns)
	if len(f.Returns) == 0 && len(f.Params) == 0 && len(f.Contexts) == 0 && len(f.Borrowed) == 0 {
		return false
	}
	e.pass.ExportObjectFact(obj, fact)
	return len(f.Returns) > 0
}

// fieldRead reports whether field v may be read somewhere, which for a
// stored cancel function is what could call it.
func (e *Engine) fieldRead(v *types.Var) bool {
	if v.Exported() || v.Pkg() != e.pass.Pkg {
		return true
	}
	if e.fieldsRead == nil {
		e.fieldsRead = make(map[*types.Var]bool)
		for _, fn := range e.ssa.SrcFuncs {
			for _, b := range fn.Blocks {
				for _, instr := range b.Instrs {
					switch instr := instr.(type) {
					case *ssa.FieldAddr:
						for _, r := range *instr.Referrers() {
							if load, ok := r.(*ssa.UnOp); ok && load.Op == token.MUL && len(*load.Referrers()) > 0 {
								e.fieldsRead[fieldOf(instr.X.Type(), instr.Field)] = true
							}
						}
					case *ssa.Field:
						if len(*instr.Referrers()) > 0 {
							e.fieldsRead[fieldOf(instr.X.Type(), instr.Field)] = true
						}
					}
				}
			}
		}
	}
	return e.fieldsRead[v]
}

func fieldOf(t types.Type, i int) *types.Var {
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	if st, ok := t.Underlying().(*types.Struct); ok && i < st.NumFields() {
		return st.Field(i)
	}
	return nil
}

// fileOf returns the syntax file that contains pos.
func (e *Engine) fileOf(pos token.Pos) *ast.File {
	for _, f := range e.pass.Files {
		if f.FileStart <= pos && pos <= f.FileEnd {
			return f
		}
	}
	return nil
}

// callSyntax finds the call expression whose '(' is at lparen.
func (e *Engine) callSyntax(lparen token.Pos) (*ast.CallExpr, []ast.Node) {
	f := e.fileOf(lparen)
	if f == nil {
		return nil, nil
	}
	path, _ := astutil.PathEnclosingInterval(f, lparen, lparen)
	for i, n := range path {
		if call, ok := n.(*ast.CallExpr); ok && call.Lparen == lparen {
			return call, path[i:]
		}
	}
	return nil, nil
}
