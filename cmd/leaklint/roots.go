package main

import (
	"encoding/json"
	"flag"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
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
func rootFunc() analysisutil.RootFunc {
	decide := sync.OnceValue(func() func(*analysis.Pass) bool {
		return rootsOf(flag.Args())
	})
	var mu sync.Mutex
	inTest := map[*types.Package]bool{} // a test package or a variant built for one
	return func(pass *analysis.Pass) bool {
		if isTestMain(pass.Pkg) {
			return false
		}
		own := hasTestFile(pass)
		mu.Lock()
		variant, seen := inTest[pass.Pkg]
		if !seen {
			variant = own
			for _, imp := range pass.Pkg.Imports() {
				variant = variant || inTest[imp]
			}
			inTest[pass.Pkg] = variant
		}
		mu.Unlock()
		if variant && !own {
			return false
		}
		return decide()(pass)
	}
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
