package missingunlock

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/chansummary"
	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
	"github.com/leaklint/leaklint/internal/lockflow"
)

//go:embed doc.go
var doc string

const name = "missingunlock"

// Config configures an instance of the analyzer.
type Config struct {
	// Root tells a package being checked from a dependency analysed only
	// for its facts; nil checks every package (see analysisutil.RootFunc).
	Root analysisutil.RootFunc
}

// Analyzer is missingunlock with the default configuration.
var Analyzer = New(Config{})

// New returns a missingunlock analyzer for cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      name,
		Doc:       analysisutil.MustExtractDoc(doc, name),
		URL:       "https://pkg.go.dev/github.com/leaklint/leaklint/passes/missingunlock",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer, chansummary.Analyzer},
		FactTypes: []analysis.Fact{new(lockFact)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

// lockFact is a function's summary, for callers in other packages, in
// sorted slices so that its encoding is deterministic.
type lockFact struct {
	Holds    []factLock
	Releases []string
	Locks    []factLock
}

type factLock struct {
	Key  string
	Mode byte
	Type string
}

func (*lockFact) AFact() {}

func (f *lockFact) String() string {
	var parts []string
	for _, h := range f.Holds {
		parts = append(parts, "returns holding "+h.Key)
	}
	for _, k := range f.Releases {
		parts = append(parts, "releases "+k)
	}
	for _, l := range f.Locks {
		parts = append(parts, "locks "+l.Key)
	}
	return strings.Join(parts, "; ")
}

func factOf(s *summary) *lockFact {
	f := &lockFact{}
	for _, k := range slices.Sorted(maps.Keys(s.Holds)) {
		f.Holds = append(f.Holds, factLock{Key: k, Mode: s.Holds[k].Mode, Type: s.Holds[k].Type})
	}
	f.Releases = slices.Sorted(maps.Keys(s.Releases))
	for _, k := range slices.Sorted(maps.Keys(s.Locks)) {
		f.Locks = append(f.Locks, factLock{Key: k, Mode: s.Locks[k], Type: s.LockTypes[k]})
	}
	return f
}

func (f *lockFact) summary() *summary {
	s := &summary{}
	for _, h := range f.Holds {
		if s.Holds == nil {
			s.Holds = map[string]HeldLock{}
		}
		s.Holds[h.Key] = HeldLock{Mode: h.Mode, Type: h.Type}
	}
	for _, k := range f.Releases {
		if s.Releases == nil {
			s.Releases = map[string]bool{}
		}
		s.Releases[k] = true
	}
	for _, l := range f.Locks {
		if s.Locks == nil {
			s.Locks = map[string]byte{}
		}
		s.Locks[l.Key] = l.Mode
		if l.Type != "" {
			if s.LockTypes == nil {
				s.LockTypes = map[string]string{}
			}
			s.LockTypes[l.Key] = l.Type
		}
	}
	return s
}

type checker struct {
	pass    *analysis.Pass
	pkg     *ssa.Package
	results map[*ssa.Function]*funcResult
	// writers are the type-level locks the package write-locks.
	writers map[string]bool
	chans   *chansummary.Summary
	locals  map[chanUse][]*localChan
	fresh   map[*ssa.Function]bool // constructors, see returnsFresh
	// callers maps a function to the calls of the package that call it
	// statically; started to the go statements that run it.
	callers map[*ssa.Function][]ssa.CallInstruction
	started map[*ssa.Function][]*ssa.Go
	funcs   []*ssa.Function // the package's functions
	// imported caches the summaries decoded from other packages' facts,
	// which every path through a call asks for again; nil for none.
	imported map[*types.Func]*summary
	// none is the summary of a function the pass knows nothing of.
	none summary
}

func (c *checker) findCalls(funcs []*ssa.Function) {
	c.callers = map[*ssa.Function][]ssa.CallInstruction{}
	c.started = map[*ssa.Function][]*ssa.Go{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				callee := ci.Common().StaticCallee()
				if callee == nil {
					continue
				}
				callee = bodyOf(callee)
				if g, ok := instr.(*ssa.Go); ok {
					c.started[callee] = append(c.started[callee], g)
				} else {
					c.callers[callee] = append(c.callers[callee], ci)
				}
			}
		}
	}
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	root := cfg.Root.Root(pass)
	if root {
		directive.ReportMalformed(pass, name)
	}
	hasFact := func(o types.Object) bool { return pass.ImportObjectFact(o, new(lockFact)) }
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	if !importsSync(pass.Pkg) || !lockflow.Mentions(pass, ins, lockMethods, hasFact) {
		return nil, nil
	}
	propagates := func(o types.Object) bool {
		var f lockFact
		return pass.ImportObjectFact(o, &f) && f.propagates()
	}
	if !root && !mayExportFacts(pass, ins, propagates) {
		// A dependency whose facts no importer could use.
		return nil, nil
	}
	built := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Build()
	c := &checker{
		pass:    pass,
		pkg:     built.Pkg,
		results: map[*ssa.Function]*funcResult{},
		writers: map[string]bool{},
		fresh:   map[*ssa.Function]bool{},
		funcs:   built.SrcFuncs,
	}
	c.findWriters(built.SrcFuncs)
	c.findCalls(built.SrcFuncs)
	for _, fn := range built.SrcFuncs {
		c.analyze(fn)
	}
	c.exportFacts(built.SrcFuncs)
	if !root {
		// A dependency's importers need its facts only.
		return nil, nil
	}
	ignores := directive.CollectIgnores(pass.Fset, pass.Files)
	var diags []analysis.Diagnostic
	for _, fn := range built.SrcFuncs {
		r := c.results[fn]
		diags = append(diags, c.doubleDiags(r)...)
		diags = append(diags, c.reentryDiags(r)...)
		diags = append(diags, c.missingDiags(r)...)
		diags = append(diags, c.exitDiags(r)...)
	}
	diags = append(diags, c.orderDiags(built.SrcFuncs)...)
	c.chans = pass.ResultOf[chansummary.Analyzer].(*chansummary.Lazy).Summary()
	diags = append(diags, c.mixedDiags(built.SrcFuncs)...)
	sort.SliceStable(diags, func(i, j int) bool { return diags[i].Pos < diags[j].Pos })
	seen := map[token.Pos]bool{}
	for _, d := range diags {
		if seen[d.Pos] || ignores.Ignored(name, d.Pos) {
			continue
		}
		seen[d.Pos] = true
		pass.Report(d)
	}
	return nil, nil
}

// importsSync reports whether pkg can hold a lock: it imports sync, or a
// package that does (a lock() helper of another package).
func importsSync(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if p.Path() == "sync" {
			return true
		}
	}
	for _, p := range pkg.Imports() {
		for _, q := range p.Imports() {
			if q.Path() == "sync" {
				return true
			}
		}
	}
	return false
}

// lockMethods are the methods of sync's locks the pass follows.
var lockMethods = map[string]bool{"Lock": true, "RLock": true, "Unlock": true, "RUnlock": true, "TryLock": true, "TryRLock": true}

func (c *checker) findWriters(funcs []*ssa.Function) {
	for _, fn := range funcs {
		var namer *lockflow.Namer
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				op, recv := lockOpOf(ci.Common())
				if op != opLock && op != opTryLock {
					continue
				}
				if namer == nil {
					namer = lockflow.NewNamer(fn)
				}
				if k, ok := namer.Of(recv); ok && k.Type != "" {
					c.writers[k.Type] = true
				}
			}
		}
	}
}

// summaryOf returns fn's summary: computed for a function of this
// package, from a fact for another's.
func (c *checker) summaryOf(fn *ssa.Function) *summary {
	if s := c.summaryOrNil(fn); s != nil {
		return s
	}
	// Asked at every call on every path: one empty summary, never
	// written to, serves them all.
	return &c.none
}

// bodyOf is the function whose body stands for fn: an instance of a
// generic function (l.get() inside a method of List[T]) belongs to no
// package of its own and does what its origin, analysed here, does.
func bodyOf(fn *ssa.Function) *ssa.Function {
	if o := fn.Origin(); o != nil {
		return o
	}
	return fn
}

// local reports whether fn's body is analysed in this pass.
func (c *checker) local(fn *ssa.Function) bool {
	fn = bodyOf(fn)
	return len(fn.Blocks) > 0 && (fn.Pkg == c.pkg || fn.Pkg == nil && fn.Parent() != nil && fn.Parent().Pkg == c.pkg)
}

func (c *checker) summaryOrNil(fn *ssa.Function) *summary {
	if fn == nil {
		return nil
	}
	fn = bodyOf(fn)
	if fn.Pkg == c.pkg || fn.Pkg == nil && fn.Parent() != nil && fn.Parent().Pkg == c.pkg {
		if len(fn.Blocks) == 0 {
			return nil
		}
		return c.analyze(fn).sum
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || obj.Pkg() == nil {
		return nil
	}
	if s, ok := c.imported[obj]; ok {
		return s
	}
	var s *summary
	var f lockFact
	if c.pass.ImportObjectFact(obj, &f) {
		s = f.summary()
	}
	if c.imported == nil {
		c.imported = map[*types.Func]*summary{}
	}
	c.imported[obj] = s
	return s
}

func (c *checker) exportFacts(funcs []*ssa.Function) {
	hidden := c.unnameableLocks(funcs)
	for _, fn := range funcs {
		if fn.Parent() != nil {
			continue
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != c.pass.Pkg {
			continue
		}
		r := c.results[fn]
		if r == nil {
			continue
		}
		// Callers in other packages reach exported functions and
		// methods only; lock() and unlock() helpers are kept for all,
		// as they are few and name the handover.
		f := factOf(r.sum)
		if !obj.Exported() {
			f.Locks = nil
		}
		f.Locks = slices.DeleteFunc(f.Locks, func(l factLock) bool { return hidden[l.Key] })
		if len(f.Holds) == 0 && len(f.Releases) == 0 && len(f.Locks) == 0 {
			continue
		}
		c.pass.ExportObjectFact(obj, f)
	}
}

// unnameableLocks returns the locks in this package's summaries that no
// importer can hold when it calls in: a lock in an unexported global
// variable, which only its own package names, and which no function
// visible here hands over (returns holding) or releases for a caller. A
// caller cannot hold such a lock, so its "locks K" entry can make neither
// a double lock nor a lock order there; dropping it keeps the callers of
// a logging or encoding package, which lock such globals everywhere,
// from needing the pass at all (on geth, most of the pass's facts).
func (c *checker) unnameableLocks(funcs []*ssa.Function) map[string]bool {
	hidden := map[string]bool{}
	for _, fn := range funcs {
		if r := c.results[fn]; r != nil {
			for k := range r.sum.Locks {
				if unexportedGlobal(k) {
					hidden[k] = true
				}
			}
		}
	}
	if len(hidden) == 0 {
		return hidden // the usual case: no need to read every fact
	}
	for _, fn := range funcs {
		if r := c.results[fn]; r != nil {
			for k := range r.sum.Holds {
				delete(hidden, k)
			}
			for k := range r.sum.Releases {
				delete(hidden, k)
			}
		}
	}
	for _, of := range c.pass.AllObjectFacts() {
		if f, ok := of.Fact.(*lockFact); ok {
			for _, h := range f.Holds {
				delete(hidden, h.Key)
			}
			for _, k := range f.Releases {
				delete(hidden, k)
			}
		}
	}
	return hidden
}

// unexportedGlobal reports whether a lock key ("g:path.name.mu") names a
// lock inside an unexported package-level variable.
func unexportedGlobal(key string) bool {
	if !strings.HasPrefix(key, "g:") {
		return false
	}
	root, _ := lockflow.Root(key)
	name := root[strings.LastIndexByte(root, '.')+1:]
	return name != "" && !token.IsExported(name)
}

func (c *checker) line(pos token.Pos) int { return c.pass.Fset.Position(pos).Line }

// where names a position for a message: file:line.
func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// callSyntax finds the call expression an SSA call instruction came from.
func (c *checker) callSyntax(instr ssa.Instruction) (*ast.CallExpr, []ast.Node) {
	pos := instr.Pos()
	if ci, ok := instr.(ssa.CallInstruction); ok {
		pos = ci.Common().Pos()
	}
	if !pos.IsValid() {
		return nil, nil
	}
	for _, f := range c.pass.Files {
		if f.FileStart <= pos && pos < f.FileEnd {
			path, _ := astutil.PathEnclosingInterval(f, pos, pos)
			for _, n := range path {
				if call, ok := n.(*ast.CallExpr); ok && call.Lparen == pos {
					return call, path
				}
			}
			return nil, path
		}
	}
	return nil, nil
}

// lockName is how the source names the lock taken at instr: "s.mu" for
// s.mu.Lock(), or "the lock taken by lockState" for a helper call.
func (c *checker) lockName(instr ssa.Instruction, via *ssa.Function) string {
	call, _ := c.callSyntax(instr)
	if call == nil {
		return "the lock"
	}
	if via != nil {
		return "the lock " + via.Name() + " returns holding"
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		// once.Do(s.mu.Lock): the lock is the method value's receiver.
		if ci, ok := instr.(ssa.CallInstruction); ok && viaOnce(ci.Common()) != ci.Common() && len(call.Args) == 1 {
			if arg, ok := call.Args[0].(*ast.SelectorExpr); ok {
				return types.ExprString(arg.X)
			}
			return "the lock"
		}
		return types.ExprString(sel.X)
	}
	return "the lock"
}

// node returns the range to report for instr: its call expression.
func (c *checker) node(instr ssa.Instruction) (token.Pos, token.Pos) {
	if call, _ := c.callSyntax(instr); call != nil {
		return call.Pos(), call.End()
	}
	return instr.Pos(), instr.Pos()
}

func (c *checker) doubleDiags(r *funcResult) []analysis.Diagnostic {
	var out []analysis.Diagnostic
	for _, d := range r.doubles {
		if ci, ok := d.at.(ssa.CallInstruction); ok {
			if op, _ := lockOpOf(ci.Common()); op == opTryLock || op == opTryRLock {
				continue // a TryLock on a held mutex fails; it never blocks
			}
		}
		if d.via == nil && !c.unlocksItself(r, d.key.Path) && othersUnlock(r.fn) {
			// The function never unlocks it, and another function of the
			// same declaration (a goroutine it shares the mutex with)
			// unlocks: a sync.Mutex is not owned by the goroutine that
			// locked it, so taking it again waits for that one, by design.
			continue
		}
		pos, end := c.node(d.at)
		var firstVia *ssa.Function
		for _, s := range r.sites {
			if s.instr == d.first {
				firstVia = s.via
			}
		}
		held := c.lockName(d.first, firstVia)
		verb := "locked"
		if d.held == 'R' {
			verb = "read-locked"
		}
		var msg string
		switch {
		case d.rwr && d.via != nil:
			msg = fmt.Sprintf("%s is read-locked at line %d and read-locked again inside %s on this path: a writer waiting in between blocks both for ever (RWR deadlock)", held, c.line(d.first.Pos()), d.via.Name())
		case d.rwr:
			msg = fmt.Sprintf("%s is read-locked again while this path holds its read lock from line %d: a writer waiting in between blocks both for ever (RWR deadlock)", held, c.line(d.first.Pos()))
		case d.via != nil:
			msg = fmt.Sprintf("%s locks %s, which this path already %s at line %d: the goroutine blocks on itself for ever", d.via.Name(), held, verb, c.line(d.first.Pos()))
		default:
			msg = fmt.Sprintf("%s is locked again while this path already %s it at line %d: the goroutine blocks on itself for ever", held, verb, c.line(d.first.Pos()))
		}
		fpos, _ := c.node(d.first)
		out = append(out, analysis.Diagnostic{Pos: pos, End: end, Message: msg,
			Related: []analysis.RelatedInformation{{Pos: fpos, Message: "first taken here"}}})
	}
	return out
}

// reentryDiags reports function literals run under a lock they take.
func (c *checker) reentryDiags(r *funcResult) []analysis.Diagnostic {
	var out []analysis.Diagnostic
	for _, e := range r.reentries {
		pos, end := c.node(e.at)
		msg := fmt.Sprintf("%s runs the function literal while holding %s, which the literal locks again: the goroutine blocks on itself for ever", e.callee.Name(), lockflow.Short(e.key))
		out = append(out, analysis.Diagnostic{Pos: pos, End: end, Message: msg,
			Related: []analysis.RelatedInformation{{Pos: e.lit.Pos(), Message: "the literal that takes the lock"}}})
	}
	return out
}

func (c *checker) missingDiags(r *funcResult) []analysis.Diagnostic {
	if r.overBudget || r.unknown || isMainMain(r.fn) {
		return nil
	}
	var out []analysis.Diagnostic
	for _, key := range slices.Sorted(maps.Keys(r.holding)) {
		if len(r.notHolding[key]) == 0 || r.counted[key] || !c.unlocksSomewhere(r, key) {
			continue
		}
		hx := r.holding[key]
		if c.conditionalHelper(r, hx, r.notHolding[key]) && !c.callersKeep(r.fn, key) {
			continue
		}
		if c.recordedHandover(r, key) || c.diesWithFailedTest(r, key) {
			continue
		}
		done := map[int]bool{}
		namer := lockflow.NewNamer(r.fn)
		for _, h := range hx {
			if done[h.site] || h.site < 0 || h.site >= len(r.sites) {
				continue
			}
			if returnsLock(namer, h.ret, key) {
				continue // handed to the caller with its address
			}
			done[h.site] = true
			s := r.sites[h.site]
			pos, end := c.node(s.instr)
			lname := c.lockName(s.instr, s.via)
			retLine := c.line(retPos(h.ret))
			through := fmt.Sprintf("the return at line %d", retLine)
			if h.ret.Block() == r.fn.Recover {
				through = fmt.Sprintf("a panic the function recovers, returning at line %d", retLine)
			}
			msg := fmt.Sprintf("%s is not unlocked on the path through %s: every later Lock of it blocks for ever", lname, through)
			if s.via != nil {
				msg = fmt.Sprintf("the lock %s returns holding is not unlocked on the path through %s: every later Lock of it blocks for ever", s.via.Name(), through)
			}
			d := analysis.Diagnostic{Pos: pos, End: end, Message: msg,
				Related: []analysis.RelatedInformation{{Pos: retPos(h.ret), Message: fmt.Sprintf("this return keeps the lock taken at line %d", c.line(pos))}}}
			if fix, ok := c.deferFix(r, s, key); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
			out = append(out, d)
		}
	}
	return out
}

// returnsLock reports whether ret gives the caller the address of the lock
// key as a result (directly, or as one value of a result variable): a
// function that answers with the lock it keeps (kafka-go's waitResponse,
// "yield ownership to the caller") hands it over, and its caller unlocks
// it through the result.
func returnsLock(namer *lockflow.Namer, ret *ssa.Return, key string) bool {
	for _, v := range ret.Results {
		if namesLock(namer, v, key, map[ssa.Value]bool{}) {
			return true
		}
	}
	return false
}

func namesLock(namer *lockflow.Namer, v ssa.Value, key string, seen map[ssa.Value]bool) bool {
	if seen[v] || len(seen) > 32 {
		return false
	}
	seen[v] = true
	switch x := v.(type) {
	case *ssa.Phi:
		for _, e := range x.Edges {
			if namesLock(namer, e, key, seen) {
				return true
			}
		}
		return false
	case *ssa.MakeInterface:
		return namesLock(namer, x.X, key, seen)
	case *ssa.ChangeType:
		return namesLock(namer, x.X, key, seen)
	}
	if _, ok := v.Type().Underlying().(*types.Pointer); !ok {
		return false
	}
	k, ok := namer.Of(v)
	return ok && k.Path == key
}

func retPos(ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	// The implicit return at the end of the body.
	if syn := ret.Parent().Syntax(); syn != nil {
		return syn.End() - 1
	}
	return ret.Parent().Pos()
}

func isMainMain(fn *ssa.Function) bool {
	return fn.Parent() == nil && fn.Name() == "main" && fn.Pkg != nil && fn.Pkg.Pkg.Name() == "main"
}

// unlocksSomewhere reports whether the function releases key on some
// path: only then is a path that keeps it a slip rather than a handover.
func (c *checker) unlocksSomewhere(r *funcResult, key string) bool {
	return c.unlocks(r, key, true)
}

// unlocksItself is unlocksSomewhere without the goroutines the function
// starts: whether this goroutine releases key.
func (c *checker) unlocksItself(r *funcResult, key string) bool {
	return c.unlocks(r, key, false)
}

func (c *checker) unlocks(r *funcResult, key string, viaGo bool) bool {
	namer := lockflow.NewNamer(r.fn)
	for _, b := range r.fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := instr.(*ssa.Go); isGo && !viaGo {
				continue
			}
			call := viaOnce(ci.Common())
			op, recv := lockOpOf(call)
			if op == opUnlock || op == opRUnlock {
				if k, ok := namer.Of(recv); ok && k.Path == key {
					return true
				}
				continue
			}
			if bop, brecv, m := boundLockOp(call); bop == opUnlock || bop == opRUnlock {
				if k, ok := namer.Promoted(brecv, m); ok && k.Path == key {
					return true
				}
				continue
			}
			if op != opNone {
				continue
			}
			if sum := c.summaryOf(call.StaticCallee()); sum != nil {
				roots := namer.CallRoots(call)
				for p := range sum.Releases {
					if k, ok := lockflow.Subst(p, roots); ok && k.Path == key {
						return true
					}
				}
			}
		}
	}
	return false
}

// conditionalHelper reports whether the function returns holding the
// lock exactly when it says so in a result: the returns that hold it and
// those that do not give that result values from disjoint classes (a nil
// error against an error, true against false, a value against nil). One
// that holds it only on returns of a non-nil error, against a nil error on
// all the others, is no helper: the error path forgot the unlock.
func (c *checker) conditionalHelper(r *funcResult, holding []heldExit, not []*ssa.Return) bool {
	res := r.fn.Signature.Results()
	classes := func(i int) (hv, nv map[string]bool) {
		classify := func(ret *ssa.Return) string {
			if i >= len(ret.Results) {
				return "?"
			}
			v := ret.Results[i]
			if k, ok := v.(*ssa.Const); ok {
				if k.Value == nil {
					return "nil"
				}
				return k.Value.ExactString()
			}
			switch res.At(i).Type().Underlying().(type) {
			case *types.Basic:
				return "?" // an unknown number or bool may be the very flag
			}
			return "value"
		}
		hv, nv = map[string]bool{}, map[string]bool{}
		for _, h := range holding {
			hv[classify(h.ret)] = true
		}
		for _, ret := range not {
			nv[classify(ret)] = true
		}
		return hv, nv
	}
	// An error says how the call went: a function that keeps the lock
	// only when it fails, and releases it whenever it succeeds, has
	// slipped on its error path, whatever its other results say.
	for i := 0; i < res.Len(); i++ {
		if !types.Identical(res.At(i).Type(), errorType) {
			continue
		}
		if hv, nv := classes(i); !hv["nil"] && !hv["?"] && len(nv) == 1 && nv["nil"] {
			return false
		}
	}
	for i := 0; i < res.Len(); i++ {
		if b, ok := res.At(i).Type().Underlying().(*types.Basic); ok && b.Kind() != types.Bool {
			continue // a count or a code: not how a helper says it holds
		}
		hv, nv := classes(i)
		if hv["?"] || nv["?"] {
			if isBool(res.At(i).Type()) {
				return true
			}
			continue
		}
		overlap := false
		for v := range hv {
			if nv[v] {
				overlap = true
			}
		}
		if !overlap {
			return true
		}
	}
	return false
}

var errorType = types.Universe.Lookup("error").Type()

func isBool(t types.Type) bool {
	b, ok := t.Underlying().(*types.Basic)
	return ok && b.Kind() == types.Bool
}

// orderDiags reports pairs of type-level locks taken in both orders.
func (c *checker) orderDiags(funcs []*ssa.Function) []analysis.Diagnostic {
	byPair := map[[2]string][]edge{}
	var pairs [][2]string
	for _, fn := range funcs {
		for _, e := range c.results[fn].edges {
			p := [2]string{e.outer, e.inner}
			if byPair[p] == nil {
				pairs = append(pairs, p)
			}
			byPair[p] = append(byPair[p], e)
		}
	}
	var out []analysis.Diagnostic
	done := map[[2]string]bool{}
	generated := analysisutil.Generated(c.pass)
	for _, p := range pairs {
		q := [2]string{p[1], p[0]}
		if done[p] || done[q] || len(byPair[q]) == 0 {
			continue
		}
		done[p] = true
	search:
		for _, e1 := range byPair[p] {
			for _, e2 := range byPair[q] {
				if gated(e1.others, e2.others) {
					continue
				}
				// Two goroutines deadlock only if each lock is
				// write-locked on one side: read locks on both sides
				// of one need a third, writing goroutine.
				if e1.outerMode != 'W' && e2.innerMode != 'W' || e1.innerMode != 'W' && e2.outerMode != 'W' {
					continue
				}
				pos, end := c.node(e1.at)
				pos2, _ := c.node(e2.at)
				if generated(pos) && generated(pos2) {
					// Both orders are a generator's template (a
					// counterfeiter fake's method against its
					// Invocations): the user cannot fix it here.
					continue
				}
				first1, _ := c.node(e1.first)
				first2, _ := c.node(e2.first)
				a, b := shortType(p[0]), shortType(p[1])
				msg := fmt.Sprintf("%s is taken here while %s is held (line %d), but in the opposite order at %s: two goroutines taking them in both orders deadlock (AB-BA)",
					b, a, c.line(first1), c.where(pos2))
				out = append(out, analysis.Diagnostic{Pos: pos, End: end, Message: msg, Related: []analysis.RelatedInformation{
					{Pos: first1, Message: a + " held from here"},
					{Pos: pos2, Message: a + " taken here while " + b + " is held"},
					{Pos: first2, Message: b + " held from here"},
				}})
				break search
			}
		}
	}
	return out
}

func gated(a, b map[string]bool) bool {
	for t := range a {
		if b[t] {
			return true
		}
	}
	return false
}

// shortType names a type-level lock for a reader: "Store.mu".
func shortType(t string) string {
	if strings.HasPrefix(t, "local:") {
		// local:fn:t3:name
		return t[strings.LastIndexByte(t, ':')+1:]
	}
	t = strings.TrimPrefix(t, "g:")
	if i := strings.LastIndex(t, "/"); i >= 0 {
		t = t[i+1:]
	}
	if i := strings.IndexByte(t, '.'); i >= 0 {
		t = t[i+1:]
	}
	return t
}

// callersKeep reports whether a function that returns holding key only on
// success is a slip, not a conditional lock() helper. An unexported one is
// a slip when it has callers and none of them ever unlocks the lock it
// would hand them. An exported one may have callers elsewhere: it is a
// helper when its name says it takes something (Lock, Acquire, TryX, ...),
// and otherwise a slip unless a caller here unlocks after it. Such a name
// makes an unexported function a helper too. A getter
// that returns (v, true) holding the mutex is the common slip.
func (c *checker) callersKeep(fn *ssa.Function, key string) bool {
	if fn.Parent() != nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return false
	}
	if acquiringName(obj.Name()) {
		return false // acquireForkLock: returning holding it is its job
	}
	if !obj.Exported() && len(c.callers[fn]) == 0 {
		return false
	}
	for _, call := range c.callers[fn] {
		caller := call.Parent()
		namer := lockflow.NewNamer(caller)
		k, ok := lockflow.Subst(key, namer.CallRoots(call.Common()))
		if !ok {
			return false
		}
		if c.unlocksSomewhere(c.analyze(caller), k.Path) {
			return false
		}
	}
	return true
}

// exitDiags reports a goroutine that returns holding, on every path, a
// lock it took: nothing runs after it to unlock it.
func (c *checker) exitDiags(r *funcResult) []analysis.Diagnostic {
	if r.overBudget || r.unknown || len(r.sum.Holds) == 0 || len(r.doubles) > 0 {
		return nil
	}
	if len(c.started[r.fn]) == 0 || len(c.callers[r.fn]) > 0 {
		return nil
	}
	var out []analysis.Diagnostic
	for _, key := range slices.Sorted(maps.Keys(r.sum.Holds)) {
		hx := r.holding[key]
		if len(hx) == 0 {
			continue
		}
		s := r.sites[hx[0].site]
		if c.creatorUnlocks(r.fn, key) {
			continue // the lock is handed to the goroutine that started it
		}
		pos, end := c.node(s.instr)
		name := c.lockName(s.instr, s.via)
		out = append(out, analysis.Diagnostic{Pos: pos, End: end,
			Message: fmt.Sprintf("the goroutine exits still holding %s on every path: every later Lock of it blocks for ever", name),
			Related: []analysis.RelatedInformation{{Pos: retPos(hx[0].ret), Message: "the goroutine returns here holding it"}}})
	}
	return out
}

// creatorUnlocks reports whether the function that starts the goroutine fn
// (fn being a closure) unlocks the lock fn returns holding: a handover.
func (c *checker) creatorUnlocks(fn *ssa.Function, key string) bool {
	for _, g := range c.started[fn] {
		mc, ok := g.Call.Value.(*ssa.MakeClosure)
		if !ok {
			continue
		}
		parent := g.Parent()
		namer := lockflow.NewNamer(parent)
		k, ok := lockflow.Subst(key, namer.CallRoots(g.Common()))
		if !ok {
			_ = mc
			return true // cannot tell: assume it is handed over
		}
		if c.unlocksSomewhere(c.analyze(parent), k.Path) {
			return true
		}
	}
	return false
}

// acquiringName reports whether a function's name says that it takes a
// lock or something like one, so that returning holding it is its job.
func acquiringName(name string) bool {
	lower := strings.ToLower(name)
	for _, w := range []string{"lock", "acquire", "try", "enter", "begin", "hold", "grab", "claim", "reserve", "take", "start", "open"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// othersUnlock reports whether a function of fn's declaration other than
// fn itself (the enclosing function or one of its closures) calls Unlock
// or RUnlock.
func othersUnlock(fn *ssa.Function) bool {
	root := fn
	for root.Parent() != nil {
		root = root.Parent()
	}
	var walk func(f *ssa.Function) bool
	walk = func(f *ssa.Function) bool {
		if f != fn {
			for _, b := range f.Blocks {
				for _, instr := range b.Instrs {
					if ci, ok := instr.(ssa.CallInstruction); ok {
						if op, _ := lockOpOf(ci.Common()); op == opUnlock || op == opRUnlock {
							return true
						}
					}
				}
			}
		}
		for _, anon := range f.AnonFuncs {
			if walk(anon) {
				return true
			}
		}
		return false
	}
	return walk(root)
}
