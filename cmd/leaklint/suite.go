package main

import (
	"fmt"
	"go/types"
	"reflect"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/lazyssa"
)

// suite runs passes as one analysis per package, and returns an analyzer
// per pass that reports that pass's findings under its own name, with its
// own flags.
//
// Run separately, the passes share a package's SSA form (lazyssa) but not
// their schedule: the driver runs a pass on a package once that pass is done
// with the package's imports, so a package's SSA form, built by the first
// pass to get there, stays live until the slowest pass gets there too.
// Across the dependency graph that kept hundreds of packages' SSA forms
// live at once (about 500 MB on geth, the gap in peak memory to the nilness
// floor). Run together, the passes build a package's SSA form, use it and
// release it in one step, after every pass is done with the imports.
//
// The passes keep their own fact types (analysis.Validate rejects a fact
// type two analyzers declare), so declaring them all on the suite changes
// no fact; each pass sees only its own in AllObjectFacts and
// AllPackageFacts, as it would run alone.
//
// root, if not nil, is asked about every package before its passes run,
// and so before any of its importers (see rootFunc). A package that is not
// a root is skipped whole when it is a main package or idle says so (see
// scope.Idle).
func suite(root analysisutil.RootFunc, idle, early func(*analysis.Pass) bool, passes ...*analysis.Analyzer) []*analysis.Analyzer {
	type outcome struct {
		diags [][]analysis.Diagnostic
		errs  []error
	}
	var requires []*analysis.Analyzer
	var factTypes []analysis.Fact
	seenReq := map[*analysis.Analyzer]bool{lazyssa.Analyzer: true}
	requires = append(requires, lazyssa.Analyzer)
	if early != nil {
		requires = append(requires, prebuild(early, make(chan struct{}, maxPrebuilt)))
	}
	own := make([]map[reflect.Type]bool, len(passes))
	for i, p := range passes {
		for _, r := range p.Requires {
			if !seenReq[r] {
				seenReq[r] = true
				requires = append(requires, r)
			}
		}
		own[i] = map[reflect.Type]bool{}
		for _, f := range p.FactTypes {
			factTypes = append(factTypes, f)
			own[i][reflect.TypeOf(f)] = true
		}
	}
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	all := &analysis.Analyzer{
		Name:      "leaklint",
		Doc:       "runs the leaklint passes together on each package; each pass reports under its own name",
		Requires:  requires,
		FactTypes: factTypes,
		Run: func(pass *analysis.Pass) (any, error) {
			out := &outcome{diags: make([][]analysis.Diagnostic, len(passes)), errs: make([]error, len(passes))}
			if root != nil && !root(pass) && (pass.Pkg.Name() == "main" || idle != nil && idle(pass)) {
				// No package imports a main package's facts (a test
				// main, generated, imports p [p.test] but has no
				// importer itself), nor an idle one's that matter, and
				// none of their findings are wanted.
				release(pass)
				return out, nil
			}
			// The passes run on as many goroutines as there are
			// processors, taking them in order: on a large package
			// their sum was the critical path of the whole run, with
			// the other processors idle. No more passes run at once,
			// over all packages, than there are processors (slots):
			// each pass's working set is live while it runs, and six
			// of them at once on nats' server raised the peak memory
			// by 10%. They share the package's SSA form, its syntax
			// and types, all read-only, and the driver's fact tables,
			// which are not safe for concurrent use: facts go through
			// one lock.
			var factsMu sync.Mutex
			objectFacts := sync.OnceValue(func() []analysis.ObjectFact {
				factsMu.Lock()
				defer factsMu.Unlock()
				return pass.AllObjectFacts()
			})
			packageFacts := sync.OnceValue(func() []analysis.PackageFact {
				factsMu.Lock()
				defer factsMu.Unlock()
				return pass.AllPackageFacts()
			})
			subs := make([]analysis.Pass, len(passes))
			for i, p := range passes {
				sub := *pass
				sub.Analyzer = p
				sub.ImportObjectFact = func(obj types.Object, f analysis.Fact) bool {
					factsMu.Lock()
					defer factsMu.Unlock()
					return pass.ImportObjectFact(obj, f)
				}
				sub.ExportObjectFact = func(obj types.Object, f analysis.Fact) {
					factsMu.Lock()
					defer factsMu.Unlock()
					pass.ExportObjectFact(obj, f)
				}
				sub.ImportPackageFact = func(pkg *types.Package, f analysis.Fact) bool {
					factsMu.Lock()
					defer factsMu.Unlock()
					return pass.ImportPackageFact(pkg, f)
				}
				sub.ExportPackageFact = func(f analysis.Fact) {
					factsMu.Lock()
					defer factsMu.Unlock()
					pass.ExportPackageFact(f)
				}
				sub.Report = func(d analysis.Diagnostic) { out.diags[i] = append(out.diags[i], d) }
				sub.AllObjectFacts = func() []analysis.ObjectFact {
					var fs []analysis.ObjectFact
					for _, f := range objectFacts() {
						if own[i][reflect.TypeOf(f.Fact)] {
							fs = append(fs, f)
						}
					}
					return fs
				}
				sub.AllPackageFacts = func() []analysis.PackageFact {
					var fs []analysis.PackageFact
					for _, f := range packageFacts() {
						if own[i][reflect.TypeOf(f.Fact)] {
							fs = append(fs, f)
						}
					}
					return fs
				}
				subs[i] = sub
			}
			var next atomic.Int32
			var wg sync.WaitGroup
			for range min(runtime.GOMAXPROCS(0), len(passes)) {
				wg.Go(func() {
					for i := int(next.Add(1)) - 1; i < len(passes); i = int(next.Add(1)) - 1 {
						slots <- struct{}{}
						out.errs[i] = runPass(passes[i], &subs[i])
						<-slots
					}
				})
			}
			wg.Wait()
			// Every pass is done with the package's SSA form, and with
			// what points into it (chansummary's summary): the driver
			// keeps every result until it exits.
			release(pass)
			return out, nil
		},
		ResultType: reflect.TypeFor[*outcome](),
	}
	reporters := make([]*analysis.Analyzer, len(passes))
	for i, p := range passes {
		reporters[i] = &analysis.Analyzer{
			Name:     p.Name,
			Doc:      p.Doc,
			URL:      p.URL,
			Flags:    p.Flags,
			Requires: []*analysis.Analyzer{all},
			Run: func(pass *analysis.Pass) (any, error) {
				out := pass.ResultOf[all].(*outcome)
				for _, d := range out.diags[i] {
					pass.Report(d)
				}
				return nil, out.errs[i]
			},
		}
	}
	return reporters
}

// runPass runs p, turning a panic into the error of p alone, so that the
// other passes still report.
func runPass(p *analysis.Analyzer, pass *analysis.Pass) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s panicked on package %s: %v\n%s", p.Name, pass.Pkg.Path(), r, debug.Stack())
		}
	}()
	_, err = p.Run(pass)
	return err
}

// release drops what the results of pass's requirements hold of the
// package's SSA form, and the slot of a prebuilt form.
func release(pass *analysis.Pass) {
	for _, r := range pass.ResultOf {
		if r, ok := r.(interface{ Release() }); ok {
			r.Release()
		}
	}
}

// maxPrebuilt bounds the packages whose SSA form is built early and not
// yet released: a form built early is live until the passes get to its
// package, after all its imports. Unbounded, std (where every large
// package and its test variant is checked) peaked 1 GB higher.
const maxPrebuilt = 2

// prebuild returns an analyzer that builds the SSA form of each package
// early says to, as soon as the package's types are known, while fewer
// than cap(slots) such forms are live; the suite's release frees the slot.
//
// The passes export facts, so the driver runs them on a package only once
// they are done with all its imports; building its SSA form needs none of
// that, only the package's syntax and types. A large checked package (nats'
// server, with its tests) took longer to build than all its dependencies
// took to analyse, and the build waited for them, on one processor, with
// the other idle at the end of the run. Built here, the form is ready, or
// under way, when the passes get there: the lazyssa result is the same
// object either way, so no pass sees a difference.
func prebuild(early func(*analysis.Pass) bool, slots chan struct{}) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "leaklintprebuild",
		Doc:      "builds a large checked package's SSA form before its imports are analysed",
		Requires: []*analysis.Analyzer{lazyssa.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			if !early(pass) {
				return &prebuilt{}, nil
			}
			select {
			case slots <- struct{}{}:
			default:
				return &prebuilt{}, nil // built when a pass asks
			}
			pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Build()
			return &prebuilt{slots: slots}, nil
		},
		ResultType: reflect.TypeFor[*prebuilt](),
	}
}

// prebuilt is the result of prebuild: whether it holds a slot.
type prebuilt struct {
	once  sync.Once
	slots chan struct{} // nil: no slot taken
}

// Release frees the slot, once the package's SSA form is released.
func (p *prebuilt) Release() {
	if p.slots != nil {
		p.once.Do(func() { <-p.slots })
	}
}
