package main

import (
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/tools/go/analysis"
)

func fakePass(path, dir string) *analysis.Pass {
	fset := token.NewFileSet()
	tf := fset.AddFile(filepath.Join(dir, "a.go"), -1, 10)
	return &analysis.Pass{
		Pkg:   types.NewPackage(path, "p"),
		Fset:  fset,
		Files: []*ast.File{{Package: tf.Pos(0), FileStart: tf.Pos(0), FileEnd: tf.Pos(10)}},
	}
}

// importingPass is a pass over package path in /x importing imports, with
// one file named file (none if "": a package whose only files are
// generated).
func importingPass(path, file string, imports ...*types.Package) *analysis.Pass {
	pass := fakePass(path, "/x")
	pass.Pkg.SetImports(imports)
	if file != "" {
		tf := pass.Fset.AddFile(filepath.Join("/x", file), -1, 10)
		pass.Files = []*ast.File{{Package: tf.Pos(0), FileStart: tf.Pos(0), FileEnd: tf.Pos(10)}}
	}
	return pass
}

func TestRootsOf(t *testing.T) {
	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args      []string
		path, dir string
		want      bool
	}{
		{[]string{"example.com/m/..."}, "example.com/m", "/x", true},
		{[]string{"example.com/m/..."}, "example.com/m/a_test", "/x", true},
		{[]string{"example.com/m/..."}, "example.com/mm", "/x", false},
		{[]string{"example.com/m"}, "example.com/m/a", "/x", false},
		{[]string{"std"}, "net/http", "/x", true},
		{[]string{"std"}, "golang.org/x/net/http2", "/x", false},
		{[]string{"./..."}, "example.com/m/a", filepath.Join(cwd, "a"), true},
		{[]string{"./..."}, "example.com/other", "/elsewhere", false},
		{[]string{"./a"}, "example.com/m/a/b", filepath.Join(cwd, "a", "b"), false},
		{[]string{"./..."}, "example.com/cgo", "/root/.cache/go-build/ab", true},
		{[]string{"all"}, "anything", "/x", true},
		{[]string{"a.go"}, "anything", "/x", true},
	} {
		if got := rootsOf(tc.args)(fakePass(tc.path, tc.dir)); got != tc.want {
			t.Errorf("rootsOf(%q)(%s in %s) = %v, want %v", tc.args, tc.path, tc.dir, got, tc.want)
		}
	}
}

func TestRootsOfVetCfg(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		cfg  string
		want bool
	}{
		{`{"VetxOnly": true}`, false},
		{`{"VetxOnly": false}`, true},
		{`not json`, true},
	} {
		name := filepath.Join(dir, "vet.cfg")
		if err := os.WriteFile(name, []byte(tc.cfg), 0o644); err != nil {
			t.Fatal(err)
		}
		if got := rootsOf([]string{name})(fakePass("p", dir)); got != tc.want {
			t.Errorf("cfg %s: root = %v, want %v", tc.cfg, got, tc.want)
		}
	}
}

// TestRootFuncTestVariant: q recompiled for p's tests (q [p.test]) is a
// dependency even though q matches the pattern; p [p.test] and p_test stay
// roots. Without command-line arguments every package matches.
func TestRootFuncTestVariant(t *testing.T) {
	root := rootFunc()
	pTest := importingPass("m/p", "p_test.go")                 // p [p.test]
	qTest := importingPass("m/q", "", pTest.Pkg)               // q [p.test]
	xTest := importingPass("m/p_test", "x_test.go", qTest.Pkg) // p_test [p.test]
	q := importingPass("m/q", "")                              // q
	for _, tc := range []struct {
		name string
		pass *analysis.Pass
		want bool
	}{
		{"p [p.test]", pTest, true},
		{"q [p.test]", qTest, false},
		{"p_test [p.test]", xTest, true},
		{"q", q, true},
	} {
		if got := root(tc.pass); got != tc.want {
			t.Errorf("%s: root = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestRootFuncTestMain: the generated main that runs p's tests (p.test) is
// never a root, though its path matches p's pattern; a main package of the
// user's named like one stays a root.
func TestRootFuncTestMain(t *testing.T) {
	testdeps := types.NewPackage("testing/internal/testdeps", "testdeps")
	mk := func(path, name string, imports ...*types.Package) *analysis.Pass {
		pass := fakePass(path, "/x")
		pass.Pkg = types.NewPackage(path, name)
		pass.Pkg.SetImports(imports)
		return pass
	}
	root := rootFunc()
	for _, tc := range []struct {
		name string
		pass *analysis.Pass
		want bool
	}{
		{"generated p.test", mk("m/p.test", "main", testdeps), false},
		{"user main named x.test", mk("m/x.test", "main"), true},
		{"library named p.test", mk("m/q.test", "q", testdeps), true},
	} {
		if got := root(tc.pass); got != tc.want {
			t.Errorf("%s: root = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestNeededBy: with os's tests, testing is needed (os_test imports its
// copy built against os), while testdeps and its copy, imported by the
// test main alone, are not.
func TestNeededBy(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	needed := neededBy([]string{"os"})
	if needed == nil {
		t.Fatal("neededBy(os) = nil: go list failed")
	}
	for id, want := range map[string]bool{
		"os":                                  true,
		"os [os.test]":                        true,
		"os_test [os.test]":                   true,
		"testing [os.test]":                   true,
		"os.test":                             false,
		"testing/internal/testdeps [os.test]": false,
	} {
		if needed[id] != want {
			t.Errorf("needed[%q] = %v, want %v", id, needed[id], want)
		}
	}
	for _, args := range [][]string{nil, {"x.cfg"}, {"a.go", "b.go"}} {
		if got := neededBy(args); got != nil {
			t.Errorf("neededBy(%q) = %d IDs, want nil (unknown)", args, len(got))
		}
	}
}

// TestScopeListID: a copy of q built for p's tests is named as go list
// names it; p [p.test] and p_test, roots or needed by one, get no ID.
func TestScopeListID(t *testing.T) {
	s := newScope()
	plain := importingPass("m/r", "")
	pTest := importingPass("m/p", "p_test.go", plain.Pkg)
	qTest := importingPass("m/q", "", pTest.Pkg)
	wTest := importingPass("m/w", "", qTest.Pkg, plain.Pkg)
	for _, pass := range []*analysis.Pass{plain, pTest, qTest, wTest} {
		s.Root(pass)
	}
	for _, tc := range []struct {
		pass *analysis.Pass
		want string
	}{
		{plain, "m/r"},
		{pTest, ""},
		{qTest, "m/q [m/p.test]"},
		{wTest, "m/w [m/p.test]"},
		{importingPass("m/unseen", ""), ""},
	} {
		if got := s.listID(tc.pass.Pkg); got != tc.want {
			t.Errorf("listID(%s) = %q, want %q", tc.pass.Pkg.Path(), got, tc.want)
		}
	}
}

// TestScopeEarly: only a large test package the patterns name is built
// early; a small one, a package without _test.go files (maybe recompiled
// for another's tests), one outside the patterns and a generated test main
// are left to their passes. Early may be asked before the package's
// imports.
func TestScopeEarly(t *testing.T) {
	sized := func(path, name, file string, size int, imports ...*types.Package) *analysis.Pass {
		pass := fakePass(path, "/x")
		pass.Pkg = types.NewPackage(path, name)
		pass.Pkg.SetImports(imports)
		tf := pass.Fset.AddFile("/x/"+file, -1, size)
		pass.Files = []*ast.File{{Package: tf.Pos(0), FileStart: tf.Pos(0), FileEnd: tf.Pos(size)}}
		return pass
	}
	s := newScope()
	s.decide = func() func(*analysis.Pass) bool { return rootsOf([]string{"m/..."}) }
	testdeps := types.NewPackage("testing/internal/testdeps", "testdeps")
	for _, tc := range []struct {
		name string
		pass *analysis.Pass
		want bool
	}{
		{"large test package", sized("m/p", "p", "p_test.go", earlySize), true},
		{"small test package", sized("m/p", "p", "p_test.go", earlySize-1), false},
		{"large package, no tests", sized("m/p", "p", "p.go", 2*earlySize), false},
		{"large dependency", sized("other/p", "p", "p_test.go", 2*earlySize), false},
		{"large test main", sized("m/p.test", "main", "p_test.go", 2*earlySize, testdeps), false},
	} {
		if got := s.Early(tc.pass); got != tc.want {
			t.Errorf("%s: Early = %v, want %v", tc.name, got, tc.want)
		}
	}
}
