// Package lazyssa provides an analyzer whose result builds the SSA form of
// the package on first use.
//
// The leaklint passes export facts, so the driver runs them, and whatever
// they require, on every dependency of the packages being checked. Most
// dependencies cannot hold a leak of the kind a pass tracks (they import
// neither context nor the stream package), and building SSA for them would
// cost more than the rest of the analysis. Requiring buildssa would force
// that cost; requiring this analyzer lets each pass decide, cheaply, first.
// Passes that run on the same package share one build.
package lazyssa

import (
	"go/ast"
	"go/types"
	"reflect"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/ctrlflow"
	"golang.org/x/tools/go/ssa"
)

// Analyzer yields a *Lazy for each package.
var Analyzer = &analysis.Analyzer{
	Name:       "leaklintssa",
	Doc:        "builds the SSA form of a package on demand for the leaklint passes",
	Run:        run,
	Requires:   []*analysis.Analyzer{ctrlflow.Analyzer},
	ResultType: reflect.TypeFor[*Lazy](),
}

// Lazy builds the package's SSA form once, on the first call to Build.
type Lazy struct {
	make func() *SSA

	mu    sync.Mutex
	built *SSA
}

// SSA is the built form: the package and its source functions, each
// followed by its anonymous functions, in source order.
type SSA struct {
	Pkg      *ssa.Package
	SrcFuncs []*ssa.Function
}

// Build returns the SSA form, building it on first use. It is safe for
// concurrent use by the passes that share the result.
func (l *Lazy) Build() *SSA {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.built == nil {
		// After Release only a misordered caller gets here: it pays
		// for a second build rather than getting a wrong answer.
		l.built = l.make()
	}
	return l.built
}

// Release drops the built form, so that the memory it holds can be
// reclaimed once every pass of the package is done with it: the driver
// keeps each package's results until it exits.
func (l *Lazy) Release() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.built = nil
}

func run(pass *analysis.Pass) (any, error) {
	cfgs := pass.ResultOf[ctrlflow.Analyzer].(*ctrlflow.CFGs)
	// Capture only what building needs, not the pass, which the driver
	// may recycle after Run returns.
	fset, pkg, files, info := pass.Fset, pass.Pkg, pass.Files, pass.TypesInfo
	return &Lazy{make: func() *SSA {
		prog := ssa.NewProgram(fset, 0)
		// Calls to functions that never return (log.Fatal, t.FailNow)
		// end their block, so no path seems to run past them.
		prog.SetNoReturn(cfgs.NoReturn)
		for _, p := range pkg.Imports() {
			prog.CreatePackage(p, nil, nil, true)
		}
		ssapkg := prog.CreatePackage(pkg, files, info, false)
		ssapkg.Build()
		var funcs []*ssa.Function
		var addAnons func(f *ssa.Function)
		addAnons = func(f *ssa.Function) {
			funcs = append(funcs, f)
			for _, anon := range f.AnonFuncs {
				addAnons(anon)
			}
		}
		for _, f := range files {
			for _, decl := range f.Decls {
				if fd, ok := decl.(*ast.FuncDecl); ok {
					obj, _ := info.Defs[fd.Name].(*types.Func)
					if obj == nil {
						continue
					}
					if fn := prog.FuncValue(obj); fn != nil {
						addAnons(fn)
					}
				}
			}
		}
		// Package-level var initialisers live in init.
		if initFn := ssapkg.Func("init"); initFn != nil {
			addAnons(initFn)
		}
		return &SSA{Pkg: ssapkg, SrcFuncs: funcs}
	}}, nil
}
