package missingdone

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
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
	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
	"github.com/leaklint/leaklint/internal/lockflow"
)

//go:embed doc.go
var doc string

const name = "missingdone"

// Config configures an instance of the analyzer.
type Config struct {
	// Root tells a package being checked from a dependency analysed only
	// for its facts; nil checks every package (see analysisutil.RootFunc).
	Root analysisutil.RootFunc
}

// Analyzer is missingdone with the default configuration.
var Analyzer = New(Config{})

// New returns a missingdone analyzer for cfg.
func New(cfg Config) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:      name,
		Doc:       analysisutil.MustExtractDoc(doc, name),
		URL:       "https://pkg.go.dev/github.com/leaklint/leaklint/passes/missingdone",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer},
		FactTypes: []analysis.Fact{new(doneFact)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, cfg) },
	}
}

// summary is what a caller needs to know about a function's Done calls,
// in terms of its parameters, free variables and globals.
type summary struct {
	// Must are the WaitGroups it calls Done on, on every path.
	Must map[string]bool
	// May are the WaitGroups it calls Done on, on some path, itself, in
	// a goroutine it starts or in a closure it makes.
	May map[string]bool
}

// doneFact carries a summary to callers in other packages, in sorted
// slices so that its encoding is deterministic.
type doneFact struct {
	Must, May []string
}

func (*doneFact) AFact() {}

func (f *doneFact) String() string {
	must := map[string]bool{}
	var parts []string
	for _, k := range f.Must {
		must[k] = true
		parts = append(parts, "calls Done on "+k)
	}
	for _, k := range f.May {
		if !must[k] {
			parts = append(parts, "may call Done on "+k)
		}
	}
	return strings.Join(parts, "; ")
}

func sorted(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

type funcResult struct {
	sum *summary
	// missing maps a WaitGroup the function calls Done on to a return
	// reached without it.
	missing map[string]*ssa.Return
	// panicAt is, for a key of missing, the panic the function recovers
	// that skips the Done, when that is how the return is reached.
	panicAt map[string]token.Pos
	unknown bool
}

type checker struct {
	pass    *analysis.Pass
	pkg     *ssa.Package
	results map[*ssa.Function]*funcResult
	started map[*ssa.Function][]*ssa.Go
	// waits holds the type-level names of waited WaitGroups.
	waits map[string]bool
	// panicking memoizes panics.
	panicking map[*ssa.Function]bool
	// doneBy gives, for a WaitGroup field, the functions that call Done
	// on it.
	doneBy map[*types.Var][]*ssa.Function
}

func run(pass *analysis.Pass, cfg Config) (any, error) {
	root := cfg.Root.Root(pass)
	if root {
		directive.ReportMalformed(pass, name)
	}
	hasFact := func(o types.Object) bool { return pass.ImportObjectFact(o, new(doneFact)) }
	if !importsSync(pass.Pkg) || !lockflow.Mentions(pass, pass.ResultOf[inspect.Analyzer].(*inspector.Inspector), groupMethods, hasFact) {
		return nil, nil
	}
	if !root && !mayExportFacts(pass, hasFact) {
		// A dependency whose facts no importer could use.
		return nil, nil
	}
	built := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Build()
	c := &checker{pass: pass, pkg: built.Pkg, results: map[*ssa.Function]*funcResult{}, started: map[*ssa.Function][]*ssa.Go{}, waits: map[string]bool{}, panicking: map[*ssa.Function]bool{}, doneBy: map[*types.Var][]*ssa.Function{}}
	for _, fn := range built.SrcFuncs {
		namer := lockflow.NewNamer(fn)
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if g, ok := instr.(*ssa.Go); ok {
					if callee := g.Call.StaticCallee(); callee != nil {
						// An instance of a generic function runs its
						// origin's body, the one analysed.
						if o := callee.Origin(); o != nil {
							callee = o
						}
						c.started[callee] = append(c.started[callee], g)
					}
				}
				if ci, ok := instr.(ssa.CallInstruction); ok {
					if m, recv := wgMethod(ci.Common()); m == "Wait" {
						if k, ok := namer.Of(recv); ok && k.Type != "" {
							c.waits[k.Type] = true
						}
					} else if m == "Done" {
						if v := syncFieldOf(recv); v != nil && !slices.Contains(c.doneBy[v], fn) {
							c.doneBy[v] = append(c.doneBy[v], fn)
						}
					}
				}
			}
		}
	}
	var diags []analysis.Diagnostic
	for _, fn := range built.SrcFuncs {
		c.analyze(fn)
	}
	if !root {
		// A dependency's importers need its facts only.
		c.exportFacts(built.SrcFuncs)
		return nil, nil
	}
	for _, fn := range built.SrcFuncs {
		diags = append(diags, c.skippedDone(fn)...)
		diags = append(diags, c.overCounted(fn)...)
	}
	diags = append(diags, c.silentConds(built.SrcFuncs)...)
	c.exportFacts(built.SrcFuncs)
	ignores := directive.CollectIgnores(pass.Fset, pass.Files)
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

// groupMethods are the methods of sync.WaitGroup and sync.Cond the pass
// follows.
var groupMethods = map[string]bool{"Add": true, "Done": true, "Wait": true, "Go": true, "Signal": true, "Broadcast": true}

func importsSync(pkg *types.Package) bool {
	for _, p := range pkg.Imports() {
		if p.Path() == "sync" {
			return true
		}
	}
	return false
}

// wgMethod names the sync.WaitGroup method call calls, with the group's
// address.
func wgMethod(call *ssa.CallCommon) (string, ssa.Value) {
	return syncMethod(call, "WaitGroup")
}

func syncMethod(call *ssa.CallCommon, typ string) (string, ssa.Value) {
	fn := call.StaticCallee()
	if fn == nil || len(call.Args) == 0 {
		return "", nil
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok {
		return "", nil
	}
	if lockflow.SyncMethod(obj, typ, "") {
		return obj.Name(), call.Args[0]
	}
	return "", nil
}

func (c *checker) summaryOf(fn *ssa.Function) *summary {
	if fn == nil {
		return &summary{}
	}
	// An instance of a generic function belongs to no package of its
	// own: its origin, analysed here, says what it does.
	if fn.Origin() != nil {
		fn = fn.Origin()
	}
	if fn.Pkg == c.pkg || fn.Pkg == nil && fn.Parent() != nil && fn.Parent().Pkg == c.pkg {
		return c.analyze(fn).sum
	}
	if obj, ok := fn.Object().(*types.Func); ok && obj.Pkg() != nil {
		var f doneFact
		if c.pass.ImportObjectFact(obj, &f) {
			s := &summary{Must: map[string]bool{}, May: map[string]bool{}}
			for _, k := range f.Must {
				s.Must[k] = true
			}
			for _, k := range f.May {
				s.May[k] = true
			}
			return s
		}
	}
	return &summary{}
}

func (c *checker) exportFacts(funcs []*ssa.Function) {
	for _, fn := range funcs {
		if fn.Parent() != nil {
			continue
		}
		// Only exported functions have callers in other packages.
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() != c.pass.Pkg || !obj.Exported() {
			continue
		}
		if r := c.results[fn]; r != nil && len(r.sum.May) > 0 {
			c.pass.ExportObjectFact(obj, &doneFact{Must: sorted(r.sum.Must), May: sorted(r.sum.May)})
		}
	}
}

// maxSteps bounds one function's exploration.
const maxSteps = 1 << 17

type doneState struct {
	done    string // sorted keys joined by "\n"
	unknown bool
	dead    bool
}

func addKey(set, k string) string {
	if set == "" {
		return k
	}
	keys := strings.Split(set, "\n")
	for _, x := range keys {
		if x == k {
			return set
		}
	}
	keys = append(keys, k)
	sort.Strings(keys)
	return strings.Join(keys, "\n")
}

func (c *checker) analyze(fn *ssa.Function) *funcResult {
	if r, ok := c.results[fn]; ok {
		return r
	}
	r := &funcResult{sum: &summary{Must: map[string]bool{}, May: map[string]bool{}}, missing: map[string]*ssa.Return{}, panicAt: map[string]token.Pos{}}
	c.results[fn] = r
	if len(fn.Blocks) == 0 {
		return r
	}
	if !c.touchesGroups(fn) {
		return r
	}
	namer := lockflow.NewNamer(fn)
	may := func(k string) {
		if lockflow.Relative(k) {
			r.sum.May[k] = true
		}
	}
	// doneBy lists the groups a call (or go, or defer) of call releases.
	doneBy := func(call *ssa.CallCommon, mayToo bool) []string {
		if m, recv := wgMethod(call); m != "" {
			if m == "Done" {
				if k, ok := namer.Of(recv); ok {
					return []string{k.Path}
				}
			}
			return nil
		}
		callee := call.StaticCallee()
		if callee == nil {
			return nil
		}
		sum := c.summaryOf(callee)
		set := sum.Must
		if mayToo {
			set = sum.May
		}
		var out []string
		roots := namer.CallRoots(call)
		for p := range set {
			if k, ok := lockflow.Subst(p, roots); ok {
				out = append(out, k.Path)
			}
		}
		return out
	}
	steps := 0
	recoverRet := lockflow.RecoveredReturn(fn)
	type exit struct {
		ret  *ssa.Return
		pos  token.Pos // of the recovered panic that makes ret, if one did
		done map[string]bool
	}
	var exits []exit
	exitAt := func(s doneState, ret *ssa.Return, pos token.Pos) {
		if s.unknown {
			r.unknown = true
		}
		done := map[string]bool{}
		if s.done != "" {
			for _, k := range strings.Split(s.done, "\n") {
				done[k] = true
			}
		}
		exits = append(exits, exit{ret, pos, done})
	}
	flow := chanflow.Flow[doneState]{
		Prune: func(s doneState) bool { return s.dead || steps > maxSteps },
		Edge: func(s doneState, b *ssa.BasicBlock, i int) doneState {
			if lockflow.TickerClosedEdge(b, i) {
				s.dead = true
			}
			// On the branch where the group itself is nil (`if wg !=
			// nil { defer wg.Done() }`), nothing was counted for it:
			// the path owes it no Done.
			if k, ok := nilGroupEdge(namer, b, i); ok {
				s.done = addKey(s.done, k)
			}
			return s
		},
		Instr: func(s doneState, instr ssa.Instruction) doneState {
			steps++
			switch in := instr.(type) {
			case *ssa.Call:
				// A call that can panic, in a goroutine that recovers,
				// returns from here with only what was done so far.
				if recoverRet != nil && c.panics(in.Call.StaticCallee()) {
					exitAt(s, recoverRet, in.Pos())
				}
				for _, k := range doneBy(in.Common(), false) {
					s.done = addKey(s.done, k)
					may(k)
				}
				for _, k := range doneBy(in.Common(), true) {
					may(k)
				}
			case *ssa.Defer:
				// A deferred call runs on every return after it; one
				// that calls Done only on some of its paths is given
				// the benefit of the doubt.
				if in.Call.StaticCallee() == nil && !in.Call.IsInvoke() {
					s.unknown = true
				}
				for _, k := range doneBy(in.Common(), true) {
					s.done = addKey(s.done, k)
					may(k)
				}
			case *ssa.Go:
				for _, k := range doneBy(in.Common(), true) {
					may(k)
				}
			case *ssa.MakeClosure:
				sum := c.summaryOf(in.Fn.(*ssa.Function))
				roots := namer.ClosureRoots(in)
				for p := range sum.May {
					if k, ok := lockflow.Subst(p, roots); ok {
						may(k.Path)
					}
				}
			}
			return s
		},
		Exit: func(s doneState, exit ssa.Instruction) {
			ret, ok := exit.(*ssa.Return)
			pos := token.NoPos
			if !ok {
				// A panic ends the goroutine, unless the function
				// recovers it: then it returns, skipping what followed.
				p, isPanic := exit.(*ssa.Panic)
				if !isPanic || recoverRet == nil {
					return
				}
				ret, pos = recoverRet, p.Pos()
			}
			exitAt(s, ret, pos)
		},
	}
	flow.RunEntry(fn, doneState{})
	if steps > maxSteps {
		r.unknown = true
		return r
	}
	for i, e := range exits {
		for k := range e.done {
			all := true
			for _, o := range exits {
				if !o.done[k] {
					all = false
				}
			}
			if all && lockflow.Relative(k) {
				r.sum.Must[k] = true
			}
			_ = i
		}
	}
	// Groups Done on some exits but not others.
	for _, e := range exits {
		for _, o := range exits {
			for k := range o.done {
				if !e.done[k] {
					if _, ok := r.missing[k]; !ok {
						r.missing[k] = e.ret
						if e.pos.IsValid() {
							r.panicAt[k] = e.pos
						}
					}
				}
			}
		}
	}
	return r
}

// panics reports whether calling fn can end in a panic that fn does not
// recover: fn, a function of the package, panics explicitly on some path,
// or calls one that does. Only a panic the code spells out counts; any
// call could fail in the runtime, and that is not a path the analysis can
// show. Each function is judged once, whoever asks first.
func (c *checker) panics(fn *ssa.Function) bool {
	if fn == nil || fn.Pkg != c.pkg || fn.Synthetic != "" || len(fn.Blocks) == 0 {
		return false
	}
	if v, ok := c.panicking[fn]; ok {
		return v
	}
	c.panicking[fn] = false // a recursive call adds nothing
	v := false
	if lockflow.RecoveredReturn(fn) == nil {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				switch in := instr.(type) {
				case *ssa.Panic:
					v = v || in.Pos().IsValid()
				case *ssa.Call:
					v = v || c.panics(in.Call.StaticCallee())
				}
			}
		}
	}
	c.panicking[fn] = v
	return v
}

// touchesGroups reports whether fn calls a WaitGroup method, defers a
// call, or calls, starts or makes code that calls Done.
func (c *checker) touchesGroups(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Defer:
				return true
			case ssa.CallInstruction:
				if m, _ := wgMethod(in.Common()); m != "" {
					return true
				}
				if callee := in.Common().StaticCallee(); callee != nil && len(c.summaryOf(callee).May) > 0 {
					return true
				}
			case *ssa.MakeClosure:
				if len(c.summaryOf(in.Fn.(*ssa.Function)).May) > 0 {
					return true
				}
			}
		}
	}
	return false
}

// skippedDone reports a goroutine that can return without the Done its
// Add counted.
func (c *checker) skippedDone(fn *ssa.Function) []analysis.Diagnostic {
	r := c.results[fn]
	if r == nil || r.unknown || len(r.missing) == 0 || len(c.started[fn]) == 0 {
		return nil
	}
	var out []analysis.Diagnostic
	for _, key := range slices.Sorted(maps.Keys(r.missing)) {
		ret := r.missing[key]
		waited := false
		var waitAt token.Pos // the Wait that blocks, for the related position
		for _, g := range c.started[fn] {
			parent := g.Parent()
			namer := lockflow.NewNamer(parent)
			k, ok := lockflow.Subst(key, namer.CallRoots(g.Common()))
			if !ok {
				continue
			}
			if at := c.waitIn(parent, k.Path); at.IsValid() {
				waited = true
				if !waitAt.IsValid() {
					waitAt = at
				}
			} else if k.Type != "" && c.waits[k.Type] {
				waited = true
			}
		}
		if !waited || !c.countedPerGoroutine(fn, key) || doneInLoop(fn, key) {
			continue
		}
		pos := retPos(ret)
		wname := c.groupName(fn, key)
		how := ""
		if p, ok := r.panicAt[key]; ok {
			pos, how = p, ", through a panic it recovers,"
		}
		d := analysis.Diagnostic{Pos: pos, End: pos,
			Message: fmt.Sprintf("the goroutine can return here%s without calling %s.Done: the Wait for the goroutines Add counted blocks for ever", how, wname)}
		if waitAt.IsValid() {
			d.Related = []analysis.RelatedInformation{{Pos: waitAt, Message: "this Wait blocks for ever once that return is taken"}}
		}
		if fix, ok := c.deferDoneFix(fn, key, wname); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
		out = append(out, d)
	}
	return out
}

// countedPerGoroutine reports whether each start of fn is counted by an
// Add of its own: in the same loop as the go statement, or anywhere in
// the creator when the go is not in a loop. A group that one Add counts
// for several goroutines, only one of which calls Done, is a design the
// rule does not judge.
func (c *checker) countedPerGoroutine(fn *ssa.Function, key string) bool {
	for _, g := range c.started[fn] {
		parent := g.Parent()
		namer := lockflow.NewNamer(parent)
		k, ok := lockflow.Subst(key, namer.CallRoots(g.Common()))
		if !ok {
			return false
		}
		loops := chanflow.Loops(parent)
		gl, gIn := loops[g.Block()]
		found := false
		for _, b := range parent.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if m, recv := wgMethod(call.Common()); m == "Add" {
					if ak, ok := namer.Of(recv); ok && ak.Path == k.Path {
						al, aIn := loops[b]
						if !gIn || aIn && al == gl {
							found = true
						}
					}
				}
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// doneInLoop reports whether fn calls Done on key inside a loop: it counts
// down per iteration, not per goroutine.
func doneInLoop(fn *ssa.Function, key string) bool {
	namer := lockflow.NewNamer(fn)
	loops := chanflow.Loops(fn)
	for _, b := range fn.Blocks {
		if _, in := loops[b]; !in {
			continue
		}
		for _, instr := range b.Instrs {
			if ci, ok := instr.(*ssa.Call); ok {
				if m, recv := wgMethod(ci.Common()); m == "Done" {
					if k, ok := namer.Of(recv); ok && k.Path == key {
						// A Done followed by leaving the loop (a
						// return) is once per goroutine.
						if !endsInReturn(b) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// endsInReturn reports whether b leads straight to a return.
func endsInReturn(b *ssa.BasicBlock) bool {
	for range 4 {
		switch b.Instrs[len(b.Instrs)-1].(type) {
		case *ssa.Return:
			return true
		case *ssa.Jump:
			b = b.Succs[0]
		default:
			return false
		}
	}
	return false
}

func (c *checker) waitsOn(fn *ssa.Function, key string) bool {
	return c.waitIn(fn, key).IsValid()
}

// waitIn returns the position of a Wait on the group key in fn, or
// token.NoPos.
func (c *checker) waitIn(fn *ssa.Function, key string) token.Pos {
	namer := lockflow.NewNamer(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if ci, ok := instr.(ssa.CallInstruction); ok {
				if m, recv := wgMethod(ci.Common()); m == "Wait" {
					if k, ok := namer.Of(recv); ok && k.Path == key {
						return ci.Common().Pos()
					}
				}
			}
		}
	}
	return token.NoPos
}

// groupName is how the goroutine's source names the group: the receiver
// of one of its Done calls.
func (c *checker) groupName(fn *ssa.Function, key string) string {
	namer := lockflow.NewNamer(fn)
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if m, recv := wgMethod(ci.Common()); m == "Done" {
				if k, ok := namer.Of(recv); ok && k.Path == key {
					if call, _ := c.callSyntax(ci.Common().Pos()); call != nil {
						if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
							return types.ExprString(sel.X)
						}
					}
				}
			}
		}
	}
	return "the WaitGroup"
}

func retPos(ret *ssa.Return) token.Pos {
	if ret.Pos().IsValid() {
		return ret.Pos()
	}
	if syn := ret.Parent().Syntax(); syn != nil {
		return syn.End() - 1
	}
	return ret.Parent().Pos()
}

func (c *checker) callSyntax(pos token.Pos) (*ast.CallExpr, []ast.Node) {
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

func (c *checker) node(ci ssa.CallInstruction) (token.Pos, token.Pos, string) {
	call, _ := c.callSyntax(ci.Common().Pos())
	if call == nil {
		return ci.Pos(), ci.Pos(), "the WaitGroup"
	}
	name := "the WaitGroup"
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		name = types.ExprString(sel.X)
	}
	return call.Pos(), call.End(), name
}

func (c *checker) where(pos token.Pos) string {
	p := c.pass.Fset.Position(pos)
	return fmt.Sprintf("%s:%d", filepath.Base(p.Filename), p.Line)
}

// overCounted reports an Add whose count can reach a Wait of the same
// group before the goroutines it counts are started.
func (c *checker) overCounted(fn *ssa.Function) []analysis.Diagnostic {
	var out []analysis.Diagnostic
	namer := lockflow.NewNamer(fn)
	var loops map[*ssa.BasicBlock]int
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			m, recv := wgMethod(call.Common())
			if m != "Add" {
				continue
			}
			k, ok := namer.Of(recv)
			if !ok {
				continue
			}
			n, isConst := call.Call.Args[1].(*ssa.Const)
			if isConst {
				if n.Value == nil || n.Value.Kind() != constant.Int {
					continue
				}
				// Add(n) counts n goroutines, started on the path to
				// the Wait; one that counts a loop the path search
				// does not follow is left to the loop rules.
				v, ok := constant.Int64Val(n.Value)
				if !ok || v < 1 || v > 16 {
					continue
				}
				if wait := c.waitBeforeStart(fn, namer, call, k.Path, int(v)); wait != nil {
					pos, end, wname := c.node(call)
					wpos, _, _ := c.node(wait)
					msg := fmt.Sprintf("%s.Add counts a goroutine that is not started on the path to the Wait at line %d: the Wait blocks for ever", wname, c.pass.Fset.Position(wpos).Line)
					if v > 1 {
						msg = fmt.Sprintf("%s.Add counts %d goroutines, but the path to the Wait at line %d starts fewer: the Wait blocks for ever", wname, v, c.pass.Fset.Position(wpos).Line)
					}
					out = append(out, analysis.Diagnostic{Pos: pos, End: end, Message: msg,
						Related: []analysis.RelatedInformation{{Pos: wpos, Message: "this Wait is reached before the goroutines counted are started"}}})
				}
				continue
			}
			if skip, wait := c.skipsCountedIteration(fn, namer, call, k.Path); skip != token.NoPos {
				pos, end, wname := c.node(call)
				wpos, _, _ := c.node(wait)
				out = append(out, analysis.Diagnostic{Pos: pos, End: end,
					Message: fmt.Sprintf("%s.Add counts a goroutine for each iteration of the loop, but the branch at line %d ends an iteration without starting one: the Wait at line %d blocks for ever", wname, c.pass.Fset.Position(skip).Line, c.pass.Fset.Position(wpos).Line),
					Related: []analysis.RelatedInformation{{Pos: skip, Message: "an iteration taking this branch starts no goroutine"}, {Pos: wpos, Message: "this Wait waits for the goroutines not started"}}})
				continue
			}
			if loops == nil {
				loops = chanflow.Loops(fn)
			}
			if wait := c.waitInStartLoop(fn, namer, loops, call, k.Path); wait != nil {
				pos, end, wname := c.node(wait)
				apos, _, _ := c.node(call)
				out = append(out, analysis.Diagnostic{Pos: pos, End: end,
					Message: fmt.Sprintf("%s.Wait is inside the loop that starts the goroutines counted by the Add at line %d: the first Wait waits for goroutines not started yet and blocks for ever", wname, c.pass.Fset.Position(apos).Line),
					Related: []analysis.RelatedInformation{{Pos: apos, Message: "the Add counting every goroutine of the loop"}}})
			}
		}
	}
	return out
}

// stepsByOne reports whether v can be a loop's own counter (i in `for i
// := 0; i < n; i++`, or the index SSA keeps for a range over a slice): a
// phi, a phi stepped by a constant, or a load of a local variable (a
// per-iteration one included). Only
// then does the loop's test count its iterations; a test of what a call
// returns, such as `for atomic.LoadInt32(&done) < n`, spins and counts
// nothing.
func stepsByOne(v ssa.Value) bool {
	if cv, ok := v.(*ssa.Convert); ok {
		v = cv.X
	}
	switch v := v.(type) {
	case *ssa.Phi:
		return true
	case *ssa.BinOp:
		_, isPhi := v.X.(*ssa.Phi)
		_, isConst := v.Y.(*ssa.Const)
		return v.Op == token.ADD && isPhi && isConst
	case *ssa.UnOp:
		// A captured counter is a new variable each iteration: a phi
		// of allocations.
		switch v.X.(type) {
		case *ssa.Alloc, *ssa.Phi:
			return v.Op == token.MUL
		}
	}
	return false
}

// skipsCountedIteration finds, for an Add whose count is the trip count
// of a loop that follows it (Add(len(xs)) before `for ... range xs`,
// Add(n) before `for i := 0; i < n; i++`), an iteration that ends, by a
// continue or a break, without starting a goroutine that counts key down
// or counting it down itself, while a Wait on key follows the loop. It
// returns the test whose branch makes that iteration, and the Wait.
func (c *checker) skipsCountedIteration(fn *ssa.Function, namer *lockflow.Namer, add *ssa.Call, key string) (token.Pos, ssa.CallInstruction) {
	count := add.Call.Args[1]
	for {
		if cv, ok := count.(*ssa.Convert); ok {
			count = cv.X
			continue
		}
		break
	}
	lenOf := func(v ssa.Value) ssa.Value {
		if call, ok := v.(*ssa.Call); ok {
			if b, ok := call.Call.Value.(*ssa.Builtin); ok && b.Name() == "len" && len(call.Call.Args) == 1 {
				return call.Call.Args[0]
			}
		}
		return nil
	}
	same := func(a, b ssa.Value) bool {
		if a == nil || b == nil {
			return false
		}
		if a == b {
			return true
		}
		// Two loads of one variable or field, with no store between
		// that the analysis follows: the same value.
		la, oka := a.(*ssa.UnOp)
		lb, okb := b.(*ssa.UnOp)
		if oka && okb && la.Op == token.MUL && lb.Op == token.MUL {
			ka, ok1 := namer.Of(la.X)
			kb, ok2 := namer.Of(lb.X)
			return ok1 && ok2 && ka.Path == kb.Path
		}
		return false
	}
	counted := lenOf(count)
	// tripCount reports whether the loop header's test runs the loop as
	// many times as the Add counted.
	tripCount := func(cond ssa.Value) bool {
		switch x := cond.(type) {
		case *ssa.BinOp:
			if x.Op != token.LSS || !stepsByOne(x.X) {
				return false
			}
			if counted != nil {
				return same(lenOf(x.Y), counted)
			}
			y := x.Y
			if cv, ok := y.(*ssa.Convert); ok {
				y = cv.X
			}
			return same(y, count)
		case *ssa.Extract:
			next, ok := x.Tuple.(*ssa.Next)
			if !ok || x.Index != 0 || counted == nil {
				return false
			}
			r, ok := next.Iter.(*ssa.Range)
			return ok && same(r.X, counted)
		}
		return false
	}
	startsHere := func(b *ssa.BasicBlock) bool {
		for _, instr := range b.Instrs {
			if c.startsDone(namer, instr, key) {
				return true
			}
		}
		return false
	}
	for _, h := range fn.Blocks {
		if len(h.Instrs) == 0 || len(h.Succs) != 2 || h == add.Block() || !reaches(add.Block(), h) {
			continue
		}
		ifi, ok := h.Instrs[len(h.Instrs)-1].(*ssa.If)
		if !ok || !tripCount(ifi.Cond) {
			continue
		}
		body, exit := h.Succs[0], h.Succs[1]
		// The loop must start the counted goroutines at all. Its blocks
		// are those h dominates that lead back to h: inside an outer
		// loop every block reaches every other.
		inLoop := false
		for _, b := range fn.Blocks {
			if h.Dominates(b) && reaches(body, b) && reaches(b, h) && startsHere(b) {
				inLoop = true
			}
		}
		if !inLoop {
			continue
		}
		// A way from the top of the body back to the header, or out to
		// the loop's exit, that passes no start.
		var skip token.Pos
		seen := map[*ssa.BasicBlock]bool{}
		var walk func(b *ssa.BasicBlock, test token.Pos) bool
		walk = func(b *ssa.BasicBlock, test token.Pos) bool {
			if seen[b] || startsHere(b) || !h.Dominates(b) {
				return false
			}
			seen[b] = true
			if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				if p := condPos(ifi); p.IsValid() {
					test = p
				}
			}
			for _, s := range b.Succs {
				if s == h || s == exit {
					skip = test
					return true
				}
				if walk(s, test) {
					return true
				}
			}
			return false
		}
		if !walk(body, token.NoPos) || !skip.IsValid() {
			continue
		}
		for _, b := range fn.Blocks {
			if !reaches(exit, b) {
				continue
			}
			for _, instr := range b.Instrs {
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				if m, recv := wgMethod(ci.Common()); m == "Wait" {
					if k, ok := namer.Of(recv); ok && k.Path == key {
						return skip, ci
					}
				}
			}
		}
	}
	return token.NoPos, nil
}

// reaches reports whether block to can be reached from block from.
func reaches(from, to *ssa.BasicBlock) bool { return chanflow.ReachesBlock(to, nil, from) }

// condPos is where the source states the test of an if: its condition.
func condPos(ifi *ssa.If) token.Pos {
	if p := ifi.Cond.Pos(); p.IsValid() {
		return p
	}
	return ifi.Pos()
}

// startsDone reports whether instr starts, calls or makes code that calls
// Done on key, or hands the group to code the package cannot see.
func (c *checker) startsDone(namer *lockflow.Namer, instr ssa.Instruction, key string) bool {
	check := func(sum *summary, roots map[string]lockflow.Key) bool {
		for p := range sum.May {
			if k, ok := lockflow.Subst(p, roots); ok && k.Path == key {
				return true
			}
		}
		return false
	}
	switch in := instr.(type) {
	case ssa.CallInstruction:
		call := in.Common()
		if m, recv := wgMethod(call); m != "" {
			if m == "Done" {
				if k, ok := namer.Of(recv); ok && k.Path == key {
					return true
				}
			}
			return false
		}
		// A struct the group's address was stored in hands the group
		// over with it: the callee may count it down through the field.
		// So does a function value that counts it down when run (the
		// method value wg.Done, a closure calling it): the callee may
		// run it.
		args := call.Args
		if mc, ok := call.Value.(*ssa.MakeClosure); ok {
			// A closure started or called hands on what it captured.
			args = append(args[:len(args):len(args)], mc.Bindings...)
		}
		for _, a := range args {
			if c.carries(namer, a, key, 0) {
				return true
			}
			if mc, ok := a.(*ssa.MakeClosure); ok && c.closureDone(namer, mc, key) {
				return true
			}
		}
		callee := call.StaticCallee()
		if callee == nil {
			// Unknown code given the group, or a callback: it may
			// count it down.
			for _, a := range call.Args {
				if k, ok := namer.Of(a); ok && strings.HasPrefix(k.Path, key) {
					return true
				}
			}
			return call.IsInvoke() || isFuncValue(call.Value)
		}
		if check(c.summaryOf(callee), namer.CallRoots(call)) {
			return true
		}
		if callee.Pkg != c.pkg && (callee.Pkg == nil || callee.Parent() == nil) {
			for _, a := range call.Args {
				if k, ok := namer.Of(a); ok && strings.HasPrefix(k.Path, key) {
					return true
				}
			}
		}
	case *ssa.MakeClosure:
		return check(c.summaryOf(in.Fn.(*ssa.Function)), namer.ClosureRoots(in))
	}
	return false
}

// closureDone reports whether running the function value mc counts the
// group key down: the bound method wg.Done, or a closure that calls it.
func (c *checker) closureDone(namer *lockflow.Namer, mc *ssa.MakeClosure, key string) bool {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok {
		return false
	}
	if strings.HasPrefix(fn.Synthetic, "bound method wrapper") && len(mc.Bindings) == 1 {
		m, ok := fn.Object().(*types.Func)
		if !ok || !lockflow.SyncMethod(m, "WaitGroup", "Done") {
			return false
		}
		k, ok := namer.Of(mc.Bindings[0])
		return ok && k.Path == key
	}
	sum := c.summaryOf(fn)
	if sum == nil {
		return false
	}
	roots := namer.ClosureRoots(mc)
	for p := range sum.May {
		if k, ok := lockflow.Subst(p, roots); ok && k.Path == key {
			return true
		}
	}
	return false
}

// carries reports whether v is, or points to, a local struct that a field
// store gave the address of the group key, or a function value that counts
// it down (the method value wg.Done, a callback field): a caller handing v
// on hands the group on with it (a copier whose wg field holds &wg, a
// server told NotifyStartedFunc: wg.Done).
func (c *checker) carries(namer *lockflow.Namer, v ssa.Value, key string, depth int) bool {
	if depth > 4 {
		return false
	}
	switch x := v.(type) {
	case *ssa.UnOp:
		if x.Op == token.MUL {
			return c.carries(namer, x.X, key, depth+1)
		}
	case *ssa.ChangeType:
		return c.carries(namer, x.X, key, depth+1)
	case *ssa.MakeInterface:
		return c.carries(namer, x.X, key, depth+1)
	case *ssa.Alloc:
		refs := x.Referrers()
		if refs == nil {
			return false
		}
		for _, r := range *refs {
			// A variable a closure captured: what was stored in it.
			if st, ok := r.(*ssa.Store); ok && st.Addr == x {
				if c.carries(namer, st.Val, key, depth+1) {
					return true
				}
				continue
			}
			fa, ok := r.(*ssa.FieldAddr)
			if !ok || fa.X != x {
				continue
			}
			frefs := fa.Referrers()
			if frefs == nil {
				continue
			}
			for _, fr := range *frefs {
				st, ok := fr.(*ssa.Store)
				if !ok || st.Addr != fa {
					continue
				}
				if k, ok := namer.Of(st.Val); ok && k.Path == key {
					return true
				}
				if c.carries(namer, st.Val, key, depth+1) {
					return true
				}
				if mc, ok := st.Val.(*ssa.MakeClosure); ok && c.closureDone(namer, mc, key) {
					return true
				}
			}
		}
	}
	return false
}

// startedRightAway reports whether a closure is only run by go
// statements where it is made.
func startedRightAway(mc *ssa.MakeClosure) bool {
	refs := mc.Referrers()
	if refs == nil || len(*refs) == 0 {
		return false
	}
	for _, r := range *refs {
		g, ok := r.(*ssa.Go)
		if !ok || g.Call.Value != mc {
			return false
		}
	}
	return true
}

// runRightAway reports whether a closure is only started or called where
// it is made.
func runRightAway(mc *ssa.MakeClosure) bool {
	return lockflow.RunWhereMade(mc, func(ci ssa.CallInstruction) bool {
		_, isDefer := ci.(*ssa.Defer)
		return !isDefer
	})
}

func isFuncValue(v ssa.Value) bool {
	_, ok := v.Type().Underlying().(*types.Signature)
	return ok
}

// waitBeforeStart finds a Wait on key reachable from add with no start
// of a goroutine that calls Done on it in between.
func (c *checker) waitBeforeStart(fn *ssa.Function, namer *lockflow.Namer, add *ssa.Call, key string, n int) ssa.CallInstruction {
	// A group in a field that code fn does not start counts down (a
	// dispatcher goroutine started by a constructor) may count work, not
	// goroutines: sarama's shutdown adds one for the message it sends to
	// the running dispatcher, which calls Done when it handles it.
	if v := syncFieldOf(add.Call.Args[0]); v != nil {
		for _, f := range c.doneBy[v] {
			if !c.startedFrom(fn, f) {
				return nil
			}
		}
	}
	// Only a group some goroutine of fn counts down is miscounted; one
	// nothing counts down is silentLocals' finding.
	counted := false
	loops := chanflow.Loops(fn)
	addLoop, addIn := loops[add.Block()]
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if !c.startsDone(namer, instr, key) {
				continue
			}
			counted = true
			// Started in a loop the Add is not in: one count for a
			// number of goroutines the path search does not follow.
			if l, in := loops[b]; in && (!addIn || l != addLoop) {
				return nil
			}
		}
	}
	if !counted {
		return nil
	}
	if !strings.HasPrefix(key, "v") && countsDownItself(fn, namer, key) {
		// A group fn did not make (a global, a parameter) that fn also
		// counts down itself, on another path: fn is one of the
		// goroutines counted, and its other runs (parallel tests,
		// workers given the group) count it down whatever this path
		// starts (moby's defaultipam runParallelTests).
		return nil
	}
	// A callback made before the Add may count it down whenever it runs.
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && !startedRightAway(mc) && c.startsDone(namer, mc, key) {
				return nil
			}
		}
	}
	// The state is how many of the n counted goroutines the path has
	// started (or counted down itself).
	var found ssa.CallInstruction
	steps := 0
	flow := chanflow.Flow[int]{
		Prune: func(started int) bool { return started >= n || found != nil || steps > maxSteps },
		Instr: func(started int, instr ssa.Instruction) int {
			steps++
			if started >= n {
				return started
			}
			// A literal started or called where it is made counts at
			// its go or call, not twice.
			if mc, ok := instr.(*ssa.MakeClosure); ok && runRightAway(mc) {
				return started
			}
			if c.startsDone(namer, instr, key) {
				return started + 1
			}
			if ci, isCall := instr.(*ssa.Call); isCall {
				if m, recv := wgMethod(ci.Common()); m == "Wait" {
					if k, okk := namer.Of(recv); okk && k.Path == key && found == nil {
						found = ci
					}
				}
			}
			return started
		},
		Exit: func(int, ssa.Instruction) {},
	}
	flow.Run(add, 0)
	if steps > maxSteps {
		return nil
	}
	return found
}

// startedFrom reports whether f is fn, a function literal of fn, or
// started by a go statement in fn or in one of its literals.
func (c *checker) startedFrom(fn, f *ssa.Function) bool {
	top := func(g *ssa.Function) *ssa.Function {
		for g.Parent() != nil {
			g = g.Parent()
		}
		return g
	}
	if top(f) == top(fn) {
		return true
	}
	for _, g := range c.started[f] {
		if top(g.Parent()) == top(fn) {
			return true
		}
	}
	return false
}

// waitInStartLoop finds a Wait on key inside a loop, after add and outside
// it, whose body starts the goroutines that call Done on key.
func (c *checker) waitInStartLoop(fn *ssa.Function, namer *lockflow.Namer, loops map[*ssa.BasicBlock]int, add *ssa.Call, key string) ssa.CallInstruction {
	addLoop, addInLoop := loops[add.Block()]
	for _, b := range fn.Blocks {
		l, ok := loops[b]
		if !ok || addInLoop && addLoop == l {
			continue
		}
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if m, recv := wgMethod(ci.Common()); m != "Wait" {
				continue
			} else if k, ok := namer.Of(recv); !ok || k.Path != key {
				continue
			}
			// Does the same loop start a goroutine counting it down?
			for _, b2 := range fn.Blocks {
				if loops[b2] != l {
					continue
				}
				for _, i2 := range b2.Instrs {
					if g, ok := i2.(*ssa.Go); ok && c.startsDone(namer, g, key) {
						return ci
					}
				}
			}
		}
	}
	return nil
}

// silentConds reports Waits on a cond field nothing Signals or
// Broadcasts, and on a WaitGroup field that is counted up by Add but that
// nothing counts down with Done. The field must be unexported and its
// value used only by its own methods: then the package sees every
// Signal and every Done there can be.
func (c *checker) silentConds(funcs []*ssa.Function) []analysis.Diagnostic {
	waits := map[*types.Var][]ssa.CallInstruction{}
	woken := map[*types.Var]bool{}
	added := map[*types.Var]bool{}
	escaped := map[*types.Var]bool{}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if fa, ok := instr.(*ssa.FieldAddr); ok {
					if v, typ := syncField(fa); v != nil && syncEscapes(fa, typ) {
						escaped[v] = true
					}
					continue
				}
				ci, ok := instr.(ssa.CallInstruction)
				if !ok {
					continue
				}
				for _, typ := range []string{"Cond", "WaitGroup"} {
					m, recv := syncMethod(ci.Common(), typ)
					if m == "" {
						continue
					}
					v := syncFieldOf(recv)
					if v == nil {
						continue
					}
					switch m {
					case "Wait":
						waits[v] = append(waits[v], ci)
					case "Signal", "Broadcast", "Done", "Go":
						woken[v] = true
					case "Add":
						added[v] = true
					}
				}
			}
		}
	}
	out := c.silentLocals(funcs)
	for v, ws := range waits {
		if woken[v] || escaped[v] || v.Exported() || v.Pkg() != c.pass.Pkg {
			continue
		}
		_, isCond := isSync(v.Type())
		for _, w := range ws {
			pos, end, cname := c.node(w)
			if isCond == "Cond" {
				out = append(out, analysis.Diagnostic{Pos: pos, End: end,
					Message: fmt.Sprintf("waits on %s, which nothing in the package Signals or Broadcasts: the goroutine blocks for ever", cname)})
			} else if added[v] {
				out = append(out, analysis.Diagnostic{Pos: pos, End: end,
					Message: fmt.Sprintf("waits on %s, which Add counts up but nothing in the package counts down with Done: the goroutine blocks for ever", cname)})
			}
		}
	}
	return out
}

// silentLocals is silentConds for a Cond made by sync.NewCond, or a
// WaitGroup declared, in a function: every use of it is followed through
// the variables and closures that share it (chanflow.Uses), and one that
// reaches anything but its own methods leaves it alone.
func (c *checker) silentLocals(funcs []*ssa.Function) []analysis.Diagnostic {
	var out []analysis.Diagnostic
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				var root ssa.Value
				switch in := instr.(type) {
				case *ssa.Alloc:
					if ok, _ := isSync(in.Type().Underlying().(*types.Pointer).Elem()); ok {
						if _, isPtr := in.Type().Underlying().(*types.Pointer).Elem().(*types.Pointer); !isPtr {
							root = in
						}
					}
				case *ssa.Call:
					if callee := in.Call.StaticCallee(); callee != nil {
						// Not obj.FullName() == "sync.NewCond": that
						// builds a string for every call of the package.
						if obj, ok := callee.Object().(*types.Func); ok && isNewCond(obj) {
							root = in
						}
					}
				}
				if root == nil {
					continue
				}
				typ := "Cond"
				if _, t := isSync(root.Type()); t != "" {
					typ = t
				}
				uses := map[string][]ssa.CallInstruction{}
				if !followLocal(root, typ, uses, 0) {
					continue
				}
				woken := len(uses["Signal"]) + len(uses["Broadcast"])
				if typ == "WaitGroup" {
					woken = len(uses["Done"]) + len(uses["Go"])
				}
				if woken > 0 || typ == "WaitGroup" && len(uses["Add"]) == 0 {
					continue
				}
				for _, w := range uses["Wait"] {
					pos, end, name := c.node(w)
					msg := fmt.Sprintf("waits on %s, which nothing Signals or Broadcasts: the goroutine blocks for ever", name)
					if typ == "WaitGroup" {
						msg = fmt.Sprintf("waits on %s, which Add counts up but nothing counts down with Done: the goroutine blocks for ever", name)
					}
					out = append(out, analysis.Diagnostic{Pos: pos, End: end, Message: msg})
				}
			}
		}
	}
	return out
}

// followLocal collects the method calls on a local Cond or WaitGroup,
// reporting false when the object may be used where they are not seen.
func followLocal(root ssa.Value, typ string, uses map[string][]ssa.CallInstruction, depth int) bool {
	if depth > 4 {
		return false
	}
	for _, u := range chanflow.Uses(root) {
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Arg:
			m, recv := syncMethod(u.Instr.(ssa.CallInstruction).Common(), typ)
			if m == "" || recv != u.Value || u.Index != 0 {
				return false
			}
			uses[m] = append(uses[m], u.Instr.(ssa.CallInstruction))
		case chanflow.Capture:
			r := chanflow.ClosureRoot(u)
			if r == nil || !followLocal(r, typ, uses, depth+1) {
				return false
			}
		case chanflow.Escape:
			// cond.L is the lock, not the cond.
			if _, ok := u.Instr.(*ssa.FieldAddr); ok && typ == "Cond" {
				continue
			}
			return false
		default:
			return false
		}
	}
	return true
}

// isNewCond reports whether obj is the function sync.NewCond.
func isNewCond(obj *types.Func) bool {
	return obj.Name() == "NewCond" && obj.Pkg() != nil && obj.Pkg().Path() == "sync" && obj.Signature().Recv() == nil
}

// isSync reports whether t is sync.Cond or sync.WaitGroup, or a pointer to
// one, and which.
func isSync(t types.Type) (bool, string) {
	if pt, ok := t.(*types.Pointer); ok {
		t = pt.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" {
		switch n.Obj().Name() {
		case "Cond", "WaitGroup":
			return true, n.Obj().Name()
		}
	}
	return false, ""
}

// syncFieldOf returns the field a Cond or WaitGroup receiver is read
// from: the address of a field of that type, or a load of a pointer field.
func syncFieldOf(v ssa.Value) *types.Var {
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	if fa, ok := v.(*ssa.FieldAddr); ok {
		f, _ := syncField(fa)
		return f
	}
	return nil
}

func syncField(fa *ssa.FieldAddr) (*types.Var, string) {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return nil, ""
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return nil, ""
	}
	f := st.Field(fa.Field)
	if ok, typ := isSync(f.Type()); ok {
		return f.Origin(), typ
	}
	return nil, ""
}

// syncEscapes reports whether the object at fa is used other than by its
// own methods or a store of a new one into the field.
func syncEscapes(fa *ssa.FieldAddr, typ string) bool {
	for _, ref := range *fa.Referrers() {
		switch r := ref.(type) {
		case *ssa.Store:
			if r.Addr != fa {
				return true
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return true
			}
			for _, rr := range *r.Referrers() {
				if !methodUse(rr, r, typ) {
					return true
				}
			}
		case *ssa.FieldAddr:
			// cond.L: the lock, not the cond.
		default:
			if !methodUse(ref, fa, typ) {
				return true
			}
		}
	}
	return false
}

func methodUse(instr ssa.Instruction, v ssa.Value, typ string) bool {
	switch in := instr.(type) {
	case ssa.CallInstruction:
		if m, recv := syncMethod(in.Common(), typ); m != "" && recv == v {
			for _, a := range in.Common().Args[1:] {
				if a == v {
					return false
				}
			}
			return true
		}
	case *ssa.FieldAddr:
		return true
	case *ssa.DebugRef:
		return true
	}
	return false
}

// nilGroupEdge reports the group whose pointer the branch i of b's If
// finds nil: `wg == nil` taken true, or `wg != nil` taken false.
func nilGroupEdge(namer *lockflow.Namer, b *ssa.BasicBlock, i int) (string, bool) {
	if len(b.Instrs) == 0 {
		return "", false
	}
	ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
	if !ok {
		return "", false
	}
	bin, ok := ifi.Cond.(*ssa.BinOp)
	if !ok || bin.Op != token.EQL && bin.Op != token.NEQ {
		return "", false
	}
	x, y := bin.X, bin.Y
	if k, ok := x.(*ssa.Const); ok && k.IsNil() {
		x, y = y, x
	}
	if k, ok := y.(*ssa.Const); !ok || !k.IsNil() {
		return "", false
	}
	if ok, typ := isSync(x.Type()); !ok || typ != "WaitGroup" {
		return "", false
	}
	isNil := (i == 0) == (bin.Op == token.EQL)
	if !isNil {
		return "", false
	}
	k, ok := namer.Of(x)
	if !ok {
		return "", false
	}
	return k.Path, true
}

// countsDownItself reports whether fn calls Done on the group key itself,
// directly or deferred, not in a goroutine it starts.
func countsDownItself(fn *ssa.Function, namer *lockflow.Namer, key string) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			if _, isGo := ci.(*ssa.Go); isGo {
				continue
			}
			if m, recv := wgMethod(ci.Common()); m == "Done" {
				if k, ok := namer.Of(recv); ok && k.Path == key {
					return true
				}
			}
		}
	}
	return false
}
