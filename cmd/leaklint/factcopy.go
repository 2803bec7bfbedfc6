package main

import (
	"go/types"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/objectpath"
)

// factCopies lets a package recompiled for another package's tests
// (q [p.test]) take the facts the passes found for q itself, instead of
// building its SSA form and running the passes again.
//
// The two have the same files, and differ only in importing p [p.test]
// where q imports p. p [p.test] adds p's _test.go files to p, which can
// add declarations but change none of p's own: p's functions call the
// same code, so they have the same facts, and so, in turn, do q's
// functions and those of every package between them. A variant is only
// ever analysed for its facts (it is never a root), so copying them is
// all its analysis would do.
//
// The copy is taken only when q's passes have already run in this
// process (the driver orders the two by their imports alone, and waiting
// could stall it): otherwise the variant is analysed as before.
type factCopies struct {
	mu    sync.Mutex
	plain map[string]*recordedFacts // by package path
}

// recordedFacts are the facts exported on one package, by object path.
type recordedFacts struct {
	files   []string // the package's file names, sorted
	objects []recordedFact
	pkg     []analysis.Fact
}

// recordedFact names its object by objectpath, or, for a package-level
// object objectpath does not promise to name (an unexported function), by
// its name in the package scope.
type recordedFact struct {
	name string
	path objectpath.Path
	fact analysis.Fact
}

func newFactCopies() *factCopies {
	return &factCopies{plain: map[string]*recordedFacts{}}
}

// recorder collects what a package's passes export. Done stores it.
type recorder struct {
	mu      sync.Mutex
	objects map[types.Object][]analysis.Fact
	pkg     []analysis.Fact
}

func (r *recorder) object(obj types.Object, f analysis.Fact) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.objects == nil {
		r.objects = map[types.Object][]analysis.Fact{}
	}
	r.objects[obj] = append(r.objects[obj], f)
}

func (r *recorder) pkgFact(f analysis.Fact) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.pkg = append(r.pkg, f)
}

// record stores the facts of a package that is not a variant, once its
// passes have run. A fact on an object that neither the package scope nor
// objectpath names (none is expected: facts are on package-level functions
// and methods) leaves the package unrecorded, so its variants are analysed.
func (c *factCopies) record(pass *analysis.Pass, r *recorder) {
	rec := &recordedFacts{files: fileNames(pass), pkg: r.pkg}
	var enc objectpath.Encoder
	for obj, fs := range r.objects {
		var at recordedFact
		if obj.Parent() == pass.Pkg.Scope() {
			at.name = obj.Name()
		} else if p, err := enc.For(obj); err == nil {
			at.path = p
		} else {
			return
		}
		for _, f := range fs {
			at.fact = f
			rec.objects = append(rec.objects, at)
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.plain[pass.Pkg.Path()] = rec
}

// copyTo exports on a variant's package the facts recorded for the plain
// package of the same path, and reports whether it did: only when that
// package's passes have run, with the same files, and every object is
// found in the variant.
func (c *factCopies) copyTo(pass *analysis.Pass) bool {
	c.mu.Lock()
	rec := c.plain[pass.Pkg.Path()]
	c.mu.Unlock()
	if rec == nil || !slices.Equal(rec.files, fileNames(pass)) {
		return false
	}
	objs := make([]types.Object, len(rec.objects))
	for i, f := range rec.objects {
		if f.name != "" {
			objs[i] = pass.Pkg.Scope().Lookup(f.name)
		} else {
			objs[i], _ = objectpath.Object(pass.Pkg, f.path)
		}
		if objs[i] == nil {
			return false
		}
	}
	for i, f := range rec.objects {
		pass.ExportObjectFact(objs[i], f.fact)
	}
	for _, f := range rec.pkg {
		pass.ExportPackageFact(f)
	}
	return true
}

func fileNames(pass *analysis.Pass) []string {
	var names []string
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			names = append(names, tf.Name())
		}
	}
	slices.Sort(names)
	return names
}
