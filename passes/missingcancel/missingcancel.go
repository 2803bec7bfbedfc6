package missingcancel

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
	"github.com/leaklint/leaklint/internal/lifecycle"
)

//go:embed doc.go
var doc string

// tag gives this pass fact types of its own: the driver rejects analyzers
// that share one.
type tag struct{}

var facts = lifecycle.NewFacts[tag]()

const name = "missingcancel"

// Config configures an instance of the analyzer.
type Config struct {
	// Funcs lists more functions, by types.Func.FullName, whose last
	// result is a cancel function the caller must call.
	Funcs []string
}

// Analyzer is missingcancel with the default configuration.
var Analyzer = New(Config{})

// New returns a missingcancel analyzer for cfg. Its flags write to its own
// copy of cfg, so analyzers built with different configurations coexist.
func New(cfg Config) *analysis.Analyzer {
	c := &config{funcs: append([]string(nil), cfg.Funcs...)}
	a := &analysis.Analyzer{
		Name:      name,
		Doc:       analysisutil.MustExtractDoc(doc, name),
		URL:       "https://pkg.go.dev/github.com/leaklint/leaklint/passes/missingcancel",
		Requires:  []*analysis.Analyzer{lazyssa.Analyzer},
		FactTypes: facts.Types(),
		Run:       c.run,
	}
	a.Flags.Init(name, flag.ContinueOnError)
	a.Flags.Var(analysisutil.ListFlag{List: &c.funcs, Check: checkFunc}, "funcs", "comma-separated full names of more functions whose last result is a cancel function")
	return a
}

type config struct {
	funcs []string
}

// kind describes cancel functions to the engine.
func (c *config) kind() *lifecycle.Kind {
	k := &lifecycle.Kind{
		Facts:  facts,
		Called: true,
		// A cancel function's context, once done, has released what
		// the cancel function would.
		DoneContext: true,
		Constructors: map[string]int{
			"context.WithCancel":        1,
			"context.WithCancelCause":   1,
			"context.WithTimeout":       1,
			"context.WithTimeoutCause":  1,
			"context.WithDeadline":      1,
			"context.WithDeadlineCause": 1,
			"os/signal.NotifyContext":   1,
		},
		TriggerImports: []string{"context", "os/signal"},
	}
	for _, f := range c.funcs {
		k.Constructors[f] = -1
		if path := pkgPathOf(f); path != "" {
			k.TriggerImports = append(k.TriggerImports, path)
		}
	}
	return k
}

// checkFunc rejects a -funcs entry without a package path: it could never
// match a function, so the typo would silently check nothing.
func checkFunc(full string) error {
	if pkgPathOf(full) == "" {
		return fmt.Errorf("-missingcancel.funcs entry %q: no package path; want a full name such as example.com/db.Open or (*example.com/db.Pool).Acquire", full)
	}
	return nil
}

// pkgPathOf extracts the package path from a types.Func.FullName.
func pkgPathOf(full string) string {
	full = strings.TrimLeft(full, "(*")
	if i := strings.LastIndexByte(full, ')'); i >= 0 {
		full = full[:i]
	}
	if i := strings.LastIndexByte(full, '.'); i > 0 {
		return full[:i]
	}
	return ""
}

func (c *config) run(pass *analysis.Pass) (any, error) {
	directive.ReportMalformed(pass, name)
	leaks := lifecycle.Analyze(pass, c.kind(), pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy))
	if len(leaks) == 0 {
		return nil, nil
	}
	ignores := directive.CollectIgnores(pass.Fset, pass.Files)
	for _, l := range leaks {
		if ignores.Ignored(name, l.Pos) {
			continue
		}
		pass.Report(diagnose(pass, l))
	}
	return nil, nil
}

func diagnose(pass *analysis.Pass, l lifecycle.Leak) analysis.Diagnostic {
	what, from := "cancel function", "the constructor"
	if l.Callee != nil {
		from = qualifiedName(l.Callee)
	}
	if isNotifyContext(l.Callee) {
		what = "stop function"
	}
	line := pass.Fset.Position(l.Pos).Line
	d := analysis.Diagnostic{Pos: l.Pos, End: l.End}
	switch l.Reason {
	case lifecycle.Discarded:
		d.Message = fmt.Sprintf("the %s returned by %s is discarded: the context is never cancelled and leaks until its parent is done", what, from)
		if fix, ok := discardFix(pass, l); ok {
			d.SuggestedFixes = []analysis.SuggestedFix{fix}
		}
	case lifecycle.Unreleased:
		exitLine := pass.Fset.Position(l.Exit).Line
		d.Message = fmt.Sprintf("the %s returned by %s is not called on the path through the return at line %d: the context leaks until its parent is done", what, from, exitLine)
		if f := l.UnreadField; f != "" {
			// Keep the words of the plain case: only the reason differs.
			d.Message = fmt.Sprintf("the %s returned by %s is not called on the path through the return at line %d: it is stored in %s, which nothing in the package reads, so nothing can call it and the context leaks until its parent is done", what, from, exitLine, f)
		}
		d.Related = []analysis.RelatedInformation{{Pos: l.Exit, Message: fmt.Sprintf("this return leaks the context created at line %d", line)}}
	case lifecycle.Reacquired:
		d.Message = fmt.Sprintf("the %s returned by %s in a loop is not called before the next iteration: every iteration leaks a context", what, from)
	case lifecycle.DeferredInLoop:
		d.Message = fmt.Sprintf("the %s returned by %s is deferred inside a loop: every iteration's context lives until the function returns; call it at the end of the iteration", what, from)
		d.Related = []analysis.RelatedInformation{{Pos: l.Exit, Message: "deferred here"}}
	}
	return d
}

func isNotifyContext(f *types.Func) bool {
	return f != nil && f.FullName() == "os/signal.NotifyContext"
}

// qualifiedName is how a reader writes f: context.WithCancel, pool.Lease,
// Pool.Lease.
func qualifiedName(f *types.Func) string {
	sig := f.Type().(*types.Signature)
	if recv := sig.Recv(); recv != nil {
		t := recv.Type()
		if p, ok := t.(*types.Pointer); ok {
			t = p.Elem()
		}
		if n, ok := types.Unalias(t).(*types.Named); ok {
			return n.Obj().Name() + "." + f.Name()
		}
		return f.Name()
	}
	if f.Pkg() == nil {
		return f.Name()
	}
	return f.Pkg().Name() + "." + f.Name()
}

// discardFix turns `ctx, _ := context.WithCancel(p)` into
// `ctx, cancel := context.WithCancel(p)` followed by `defer cancel()`. It is
// offered only where that is unambiguous: a := statement in a block, not
// inside a loop (where a defer would pile up), with a free name.
func discardFix(pass *analysis.Pass, l lifecycle.Leak) (analysis.SuggestedFix, bool) {
	assign, blank, _, ok := analysisutil.DefiningAssign(l.Path, l.Result)
	if !ok || blank.Name != "_" {
		return analysis.SuggestedFix{}, false
	}
	base, what := "cancel", "cancel function"
	if isNotifyContext(l.Callee) {
		base, what = "stop", "stop function"
	}
	scope := innermostScope(pass, l.Path)
	varName := base
	for i := 2; scope != nil; i++ {
		if _, obj := scope.LookupParent(varName, assign.Pos()); obj == nil {
			break
		}
		varName = fmt.Sprintf("%s%d", base, i)
	}
	indent := analysisutil.Indent(pass.Fset, assign.Pos())
	at := analysisutil.LineEnd(pass.Fset, assign.End())
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("name the %s %s and defer calling it", what, varName),
		TextEdits: []analysis.TextEdit{
			{Pos: blank.Pos(), End: blank.End(), NewText: []byte(varName)},
			{Pos: at, End: at, NewText: []byte("\n" + indent + "defer " + varName + "()")},
		},
	}, true
}

func innermostScope(pass *analysis.Pass, path []ast.Node) *types.Scope {
	for _, n := range path {
		if s := pass.TypesInfo.Scopes[n]; s != nil {
			return s
		}
		if fd, ok := n.(*ast.FuncDecl); ok {
			return pass.TypesInfo.Scopes[fd.Type]
		}
		if fl, ok := n.(*ast.FuncLit); ok {
			return pass.TypesInfo.Scopes[fl.Type]
		}
	}
	return nil
}
