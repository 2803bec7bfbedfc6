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
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
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
		createImports(prog, pkg, info)
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

// createImports creates the SSA packages of pkg's imports, each with only
// the members that building pkg can look up.
//
// Created from its types (CreatePackage without syntax), an import gets a
// member for every package-level object it declares and a function for
// every method of its named types: thousands for syscall or x/sys/unix,
// made again for each importer, which cost more (allocation, then the
// collector's work) than building the functions of most dependencies. The
// builder looks up an import's members only for the objects pkg names: a
// function, variable or constant (by identifier or qualified identifier),
// a method it calls or takes the value or expression of (through its
// origin, for a generic type's); the package initializer needs only that
// the import is created. So each import is created from a stand-in file
// that declares just those objects, as a constant declaration: a
// constant's member is made from the object alone, as from types, with no
// syntax (a function's from a function declaration would get that
// declaration as its syntax), and memberFromObject makes the same member
// for any object, whatever the declaration. A looked-up member is thus
// the one a whole created import would hold, and one a whole import would
// not hold (a method of a type declared inside a function, an interface
// method) is absent here too.
func createImports(prog *ssa.Program, pkg *types.Package, info *types.Info) {
	named := make(map[*types.Package][]types.Object)
	seen := make(map[types.Object]bool)
	for _, obj := range info.Uses {
		if f, ok := obj.(*types.Func); ok {
			obj = f.Origin()
		}
		p := obj.Pkg()
		if p == nil || p == pkg || seen[obj] {
			continue
		}
		seen[obj] = true
		if declaredMember(obj) {
			named[p] = append(named[p], obj)
		}
	}
	for _, p := range pkg.Imports() {
		objs := named[p]
		// Map order: sort, so that members are created in the same
		// order in every run.
		slices.SortFunc(objs, func(a, b types.Object) int {
			return cmp.Or(cmp.Compare(a.Pos(), b.Pos()), cmp.Compare(a.Name(), b.Name()))
		})
		file := &ast.File{Name: ast.NewIdent(p.Name())}
		stand := &types.Info{Defs: make(map[*ast.Ident]types.Object, len(objs))}
		if len(objs) > 0 {
			spec := &ast.ValueSpec{}
			for _, obj := range objs {
				id := ast.NewIdent(obj.Name())
				stand.Defs[id] = obj
				spec.Names = append(spec.Names, id)
			}
			file.Decls = []ast.Decl{&ast.GenDecl{Tok: token.CONST, Specs: []ast.Spec{spec}}}
		}
		prog.CreatePackage(p, []*ast.File{file}, stand, true)
	}
}

// declaredMember reports whether CreatePackage, given obj's package
// without syntax, makes a member for obj that the builder can look up: a
// function, variable or constant declared at package level, or a method
// of a named type declared there (not through an alias).
func declaredMember(obj types.Object) bool {
	scope := obj.Pkg().Scope()
	switch obj := obj.(type) {
	case *types.Const:
		return scope.Lookup(obj.Name()) == obj
	case *types.Var:
		return !obj.IsField() && scope.Lookup(obj.Name()) == obj
	case *types.Func:
		recv := obj.Signature().Recv()
		if recv == nil {
			return scope.Lookup(obj.Name()) == obj
		}
		t := types.Unalias(recv.Type())
		if ptr, ok := t.(*types.Pointer); ok {
			t = types.Unalias(ptr.Elem())
		}
		n, ok := t.(*types.Named)
		if !ok {
			return false // an interface method
		}
		tn := n.Origin().Obj()
		if scope.Lookup(tn.Name()) != tn || tn.IsAlias() {
			return false
		}
		decl, ok := tn.Type().(*types.Named)
		if !ok {
			return false
		}
		for i := range decl.NumMethods() {
			if decl.Method(i) == obj {
				return true
			}
		}
	}
	return false
}
