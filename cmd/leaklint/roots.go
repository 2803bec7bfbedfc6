package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/analysisutil"
)

// rootFunc returns the predicate that tells the passes which packages the
// driver checks. The passes export facts, so the driver runs them on every
// dependency of the packages named on the command line too; there only
// their facts matter, and a pass told so skips the work that can only
// produce diagnostics.
//
// The predicate is decided on first use, once flag.Parse has run inside
// multichecker.Main: under go vet (one .cfg argument) from the
// configuration's VetxOnly, which go vet sets for a package analysed for
// its facts only; standalone by matching the package against the
// command-line patterns. Whenever it cannot tell, it answers "root": a
// dependency checked for nothing costs time, a root taken for a
// dependency would lose findings.
//
// A package the go command recompiled for another package's tests (q
// [p.test], which imports p [p.test]) is never a root: the driver reports
// diagnostics for the packages it loaded (p, p [p.test], p_test [p.test])
// only, so q [p.test] is analysed for its facts alone even when q matches a
// pattern. It is told by its imports: a package with no _test.go file of
// its own that imports a test package or such a variant. The predicate
// must therefore see every package before its importers, which the suite
// does by asking it first on each package.
func rootFunc() analysisutil.RootFunc { return newScope().Root }

// scope is what the driver knows about the packages it analyses: which
// are roots, and which are needed by no package it reports on.
type scope struct {
	decide func() func(*analysis.Pass) bool
	needed func() map[string]bool // nil: unknown

	mu      sync.Mutex
	inTest  map[*types.Package]bool // a test package or a variant built for one
	ownTest map[*types.Package]bool // a test package: has _test.go files
}

func newScope() *scope {
	return &scope{
		decide: sync.OnceValue(func() func(*analysis.Pass) bool {
			return rootsOf(flag.Args())
		}),
		needed:  sync.OnceValue(func() map[string]bool { return neededBy(flag.Args()) }),
		inTest:  map[*types.Package]bool{},
		ownTest: map[*types.Package]bool{},
	}
}

// newScopeFrom is newScope, with the go list behind Idle started at once
// over the arguments that could be patterns, while the driver loads the
// packages: asked only when the first package's passes run, go list held
// every package up for about a second (std). Flags are parsed later,
// inside the driver, so a flag's value may be taken for a pattern too: a
// listing over more patterns names more packages needed, which skips
// less, never more. If a pattern the driver got was not guessed, go list
// runs again then.
func newScopeFrom(args []string) *scope {
	s := newScope()
	var guess []string
	for _, a := range args {
		if !strings.HasPrefix(a, "-") {
			guess = append(guess, a)
		}
	}
	early := make(chan map[string]bool, 1)
	go func() { early <- neededBy(guess) }()
	s.needed = sync.OnceValue(func() map[string]bool {
		got := <-early
		for _, p := range flag.Args() {
			if !slices.Contains(guess, p) {
				return neededBy(flag.Args())
			}
		}
		if len(flag.Args()) == 0 {
			return nil
		}
		return got
	})
	return s
}

// Root is the RootFunc of the driver (see rootFunc).
func (s *scope) Root(pass *analysis.Pass) bool {
	if isTestMain(pass.Pkg) {
		return false
	}
	own := hasTestFile(pass)
	s.mu.Lock()
	variant, seen := s.inTest[pass.Pkg]
	if !seen {
		variant = own
		for _, imp := range pass.Pkg.Imports() {
			variant = variant || s.inTest[imp]
		}
		s.inTest[pass.Pkg] = variant
		s.ownTest[pass.Pkg] = own
	}
	s.mu.Unlock()
	if variant && !own {
		return false
	}
	return s.decide()(pass)
}

// Early reports whether pass's package is a large test package the
// command line names (p [p.test], with its _test.go files), to have its
// SSA form built before its imports are analysed (see prebuild). Unlike
// Root it may be asked in any order: a package with _test.go files is
// never one recompiled for another's tests (q [p.test], analysed for its
// facts, whose passes may build nothing). A small package is left to build
// when a pass asks: its build is short. Only test packages: the largest
// package of a module, with its tests, ends the run (nats' server); its
// non-test form is built and checked beside it, on the other processor.
func (s *scope) Early(pass *analysis.Pass) bool {
	if isTestMain(pass.Pkg) || !hasTestFile(pass) {
		return false
	}
	size := 0
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			size += tf.Size()
		}
	}
	return size >= earlySize && s.decide()(pass)
}

// earlySize is the source size from which Early builds a package early:
// nats' server package is 12 MB with its tests, its test package 0.9 MB.
// Only a build that long holds up the end of a run; a form built early is
// live longer, so few are.
const earlySize = 1 << 20

// Idle reports whether no package the driver reports on needs pass's
// package, so that its passes can be skipped whole: the generated test
// mains (p.test), and the packages that only they import
// (testing/internal/testdeps, and q [p.test], the copies of testdeps'
// imports built against p's tests). A test main is a main package, and no
// package imports a main package's facts. The others are told from `go
// list -deps -test` over the command line's patterns. Root must have been
// asked about pass first, and about every package before its importers.
func (s *scope) Idle(pass *analysis.Pass) bool {
	if isTestMain(pass.Pkg) {
		return true
	}
	needed := s.needed()
	if needed == nil {
		return false
	}
	id := s.listID(pass.Pkg)
	if id == "" {
		return false
	}
	return !needed[id]
}

// listID is the ID go list gives pkg: its path, or "q [p.test]" for a
// package recompiled against p's tests, "" when that cannot be told.
func (s *scope) listID(pkg *types.Package) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	seen, known := s.inTest[pkg]
	if !known {
		return ""
	}
	if !seen {
		return pkg.Path()
	}
	if s.ownTest[pkg] {
		// p [p.test] or p_test [p.test]: a root or needed by one.
		return ""
	}
	// The test package that made this variant: the one package with
	// _test.go files among its imports, direct or not.
	var under string
	visited := map[*types.Package]bool{}
	var walk func(p *types.Package) bool
	walk = func(p *types.Package) bool {
		if visited[p] {
			return true
		}
		visited[p] = true
		if s.ownTest[p] {
			if under != "" && under != p.Path() {
				return false
			}
			under = p.Path()
			return true
		}
		for _, imp := range p.Imports() {
			if s.inTest[imp] && !walk(imp) {
				return false
			}
		}
		return true
	}
	if !walk(pkg) || under == "" {
		return ""
	}
	return pkg.Path() + " [" + under + ".test]"
}

// neededBy runs go list over the command line's patterns, with the tests
// the driver loads, and returns the IDs of the packages that some package
// other than a test main imports, directly or not, and the packages
// themselves; nil when it cannot tell (under go vet, file lists, a failed
// go list), which skips nothing.
func neededBy(args []string) map[string]bool {
	if len(args) == 0 || len(args) == 1 && strings.HasSuffix(args[0], ".cfg") {
		return nil
	}
	for _, a := range args {
		if strings.HasSuffix(a, ".go") || strings.HasPrefix(a, "-") {
			return nil
		}
	}
	cmd := exec.Command("go", append([]string{"list", "-e", "-deps", "-test", "-json=ImportPath,Imports,Name,DepOnly"}, args...)...)
	cmd.Stderr = nil
	out, err := cmd.Output()
	if err != nil {
		return nil
	}
	type listed struct {
		ImportPath string
		Imports    []string
		Name       string
		DepOnly    bool
	}
	pkgs := map[string]*listed{}
	var order []*listed
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listed
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil
		}
		pkgs[p.ImportPath] = &p
		order = append(order, &p)
	}
	needed := map[string]bool{}
	var mark func(id string)
	mark = func(id string) {
		if needed[id] {
			return
		}
		needed[id] = true
		if p := pkgs[id]; p != nil {
			for _, imp := range p.Imports {
				mark(imp)
			}
		}
	}
	for _, p := range order {
		if !p.DepOnly && !(p.Name == "main" && strings.HasSuffix(p.ImportPath, ".test")) {
			mark(p.ImportPath)
		}
	}
	return needed
}

// isTestMain reports whether pkg is the main package the go command
// generates to run a package's tests (p.test): generated code, where no
// finding is wanted, and a main package, whose facts no package imports.
// Only generated code can import testing/internal/testdeps.
func isTestMain(pkg *types.Package) bool {
	if pkg.Name() != "main" || !strings.HasSuffix(pkg.Path(), ".test") {
		return false
	}
	for _, imp := range pkg.Imports() {
		if imp.Path() == "testing/internal/testdeps" {
			return true
		}
	}
	return false
}

// hasTestFile reports whether the package has a _test.go file: it is a
// test package (p [p.test] or p_test), one the driver may report on.
func hasTestFile(pass *analysis.Pass) bool {
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil && strings.HasSuffix(tf.Name(), "_test.go") {
			return true
		}
	}
	return false
}

func rootsOf(args []string) func(*analysis.Pass) bool {
	all := func(*analysis.Pass) bool { return true }
	if len(args) == 0 {
		return all
	}
	if len(args) == 1 && strings.HasSuffix(args[0], ".cfg") {
		data, err := os.ReadFile(args[0])
		if err != nil {
			return all
		}
		var cfg struct{ VetxOnly bool }
		if json.Unmarshal(data, &cfg) != nil || !cfg.VetxOnly {
			return all
		}
		return func(*analysis.Pass) bool { return false }
	}
	cwd, err := os.Getwd()
	if err != nil {
		return all
	}
	var paths, dirs []*regexp.Regexp
	std := false
	for _, p := range args {
		switch {
		case p == "std":
			std = true
		case p == "cmd":
			paths = append(paths, patternRE("cmd/..."))
		case strings.HasSuffix(p, ".go"), p == "all", p == "work", p == "tool", strings.Contains(p, "@"):
			// File lists and meta-patterns other than std: no cheap
			// way to tell, so everything is checked.
			return all
		case filepath.IsAbs(p) || p == "." || p == ".." || strings.HasPrefix(p, "./") || strings.HasPrefix(p, "../"):
			abs := filepath.Join(cwd, p)
			if filepath.IsAbs(p) {
				abs = filepath.Clean(p)
			}
			dirs = append(dirs, patternRE(filepath.ToSlash(abs)))
			if real, err := filepath.EvalSymlinks(strings.TrimSuffix(abs, "/...")); err == nil {
				dirs = append(dirs, patternRE(filepath.ToSlash(real)+strings.TrimPrefix(abs, strings.TrimSuffix(abs, "/..."))))
			}
		default:
			paths = append(paths, patternRE(p))
		}
	}
	return func(pass *analysis.Pass) bool {
		path := pass.Pkg.Path()
		// An external test package (p_test) and a test main (p.test)
		// belong to p.
		path = strings.TrimSuffix(strings.TrimSuffix(path, "_test"), ".test")
		if std && !strings.Contains(strings.SplitN(path, "/", 2)[0], ".") {
			return true
		}
		for _, re := range paths {
			if re.MatchString(path) {
				return true
			}
		}
		if len(dirs) == 0 {
			return false
		}
		located := false
		for _, d := range sourceDirs(pass) {
			if inBuildCache(d) {
				continue
			}
			located = true
			for _, re := range dirs {
				if re.MatchString(d) {
					return true
				}
			}
		}
		// Every file generated (cgo): the directory is unknown.
		return !located
	}
}

// patternRE compiles a go list pattern the way cmd/go matches one: "..."
// matches any string, and a trailing "/..." also matches the bare prefix.
func patternRE(p string) *regexp.Regexp {
	re := regexp.QuoteMeta(p)
	re = strings.ReplaceAll(re, `\.\.\.`, `.*`)
	if strings.HasSuffix(re, `/.*`) {
		re = strings.TrimSuffix(re, `/.*`) + `(/.*)?`
	}
	return regexp.MustCompile(`^` + re + `$`)
}

// sourceDirs lists the directories of a package's files, slash-separated.
func sourceDirs(pass *analysis.Pass) []string {
	var dirs []string
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			dirs = append(dirs, filepath.ToSlash(filepath.Dir(tf.Name())))
		}
	}
	for _, name := range append(append([]string(nil), pass.OtherFiles...), pass.IgnoredFiles...) {
		dirs = append(dirs, filepath.ToSlash(filepath.Dir(name)))
	}
	return dirs
}

// inBuildCache reports a directory of files the go command generated (cgo
// output in GOCACHE), which says nothing about where the package lives.
func inBuildCache(dir string) bool {
	if c := os.Getenv("GOCACHE"); c != "" && strings.HasPrefix(dir, filepath.ToSlash(c)+"/") {
		return true
	}
	return strings.Contains(dir, "/go-build/") || strings.HasSuffix(dir, "/go-build")
}
