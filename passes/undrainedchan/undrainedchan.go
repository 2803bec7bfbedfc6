package undrainedchan

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/chansummary"
	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
)

//go:embed doc.go
var doc string

// Config configures an undrainedchan Analyzer.
type Config struct {
	// Producers lists extra producers as "import/path.Func" or
	// "import/path.Type.Method".
	Producers []string
	// Root tells a package being checked from a dependency analysed only
	// for its facts; nil checks every package (see analysisutil.RootFunc).
	Root analysisutil.RootFunc
}

// Analyzer reports undrained producer channels with the default Config.
var Analyzer = New(Config{})

// New returns an undrainedchan Analyzer whose flags are bound to its own
// copy of cfg.
func New(cfg Config) *analysis.Analyzer {
	c := Config{Producers: append([]string(nil), cfg.Producers...), Root: cfg.Root}
	a := &analysis.Analyzer{
		Name:      "undrainedchan",
		Doc:       analysisutil.MustExtractDoc(doc, "undrainedchan"),
		URL:       "https://github.com/leaklint/leaklint/tree/main/passes/undrainedchan",
		Requires:  []*analysis.Analyzer{lazyssa.Analyzer, chansummary.Analyzer},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, &c) },
		FactTypes: []analysis.Fact{new(producerFact), new(drainsFact)},
	}
	a.Flags.Init("undrainedchan", flag.ContinueOnError)
	a.Flags.Var(analysisutil.ListFlag{List: &c.Producers, Check: checkProducer}, "producers", "comma-separated extra producers: import/path.Func or import/path.Type.Method")
	return a
}

type checker struct {
	pass     *analysis.Pass
	extra    map[string]bool
	inferred map[*types.Func]*producerFact
	drains   map[*ssa.Function]map[int]bool // same-package results, nil while computing
	recvs    map[*ssa.Function]map[int]bool // parameters received from on every path, set with drains
	ignores  *directive.Ignores
	funcs    []*ssa.Function
	// sites maps a function of the package to its static call sites, or
	// to nil when it is also used otherwise (see callSites); built on
	// first use.
	sites map[*ssa.Function][]*ssa.Call
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	root := cfg.Root.Root(pass)
	if !root && !mayExportFacts(pass) || !mayConsume(pass, cfg) {
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		extra:    map[string]bool{},
		inferred: map[*types.Func]*producerFact{},
		drains:   map[*ssa.Function]map[int]bool{},
		recvs:    map[*ssa.Function]map[int]bool{},
		ignores:  directive.CollectIgnores(pass.Fset, pass.Files),
	}
	for _, p := range cfg.Producers {
		c.extra[p] = true
	}
	funcs := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Build().SrcFuncs
	c.funcs = funcs
	c.inferProducers(funcs)
	c.exportDrains(funcs)
	if !root {
		// A dependency's importers need its facts only.
		return nil, nil
	}
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				call, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				callee := call.Call.StaticCallee()
				if callee == nil {
					continue
				}
				if p, ok := c.producerOf(callee); ok {
					c.checkCall(fn, call, callee, p)
				}
			}
		}
	}
	return nil, nil
}

// mayConsume reports whether the package can call a producer, be one or
// drain a channel parameter: it has a go statement, a producer directive or
// a channel parameter, or imports a package that has producers. Everything
// else is skipped before SSA is built.
func mayConsume(pass *analysis.Pass, cfg *Config) bool {
	imported := map[*types.Package]bool{}
	for _, imp := range pass.Pkg.Imports() {
		imported[imp] = true
		switch imp.Path() {
		case streamPath, runtimePath:
			return true
		}
		for _, p := range cfg.Producers {
			if strings.HasPrefix(p, imp.Path()+".") {
				return true
			}
		}
	}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*producerFact); ok && imported[f.Object.Pkg()] {
			return true
		}
	}
	found := false
	for _, f := range pass.Files {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.GoStmt:
				found = true
			case *ast.FuncDecl:
				if _, ok := directive.Find(directive.Producer, n.Doc); ok {
					found = true
				}
				if fn, ok := pass.TypesInfo.Defs[n.Name].(*types.Func); ok && hasChanParam(fn) {
					found = true
				}
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

func hasChanParam(fn *types.Func) bool {
	params := fn.Type().(*types.Signature).Params()
	for i := range params.Len() {
		if isRecvChan(params.At(i).Type()) {
			return true
		}
	}
	return false
}

// checkProducer rejects a -producers entry that cannot name a function:
// one without a package path, or without a name after it.
func checkProducer(full string) error {
	slash := strings.LastIndex(full, "/")
	dot := strings.Index(full[slash+1:], ".")
	if dot < 0 || strings.HasSuffix(full, ".") || strings.ContainsAny(full, " \t:") {
		return fmt.Errorf("-undrainedchan.producers entry %q: want import/path.Func or import/path.Type.Method, such as example.com/feed.Watch", full)
	}
	return nil
}
