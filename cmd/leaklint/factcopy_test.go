package main

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/analysis"
)

type noteFact struct{ Note string }

func (*noteFact) AFact()           {}
func (f *noteFact) String() string { return f.Note }

// checkedPass type-checks src as one file named name and returns a pass
// over it whose exported facts land in objs and pkgs.
func checkedPass(t *testing.T, name, src string, objs map[string]analysis.Fact, pkgs *[]analysis.Fact) *analysis.Pass {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{Importer: importer.Default()}).Check("m/q", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	return &analysis.Pass{
		Pkg:   pkg,
		Fset:  fset,
		Files: []*ast.File{f},
		ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
			if obj.Pkg() != pkg {
				t.Errorf("fact exported on %v, of another package", obj)
			}
			objs[types.ObjectString(obj, nil)] = fact
		},
		ExportPackageFact: func(fact analysis.Fact) { *pkgs = append(*pkgs, fact) },
	}
}

const qSrc = `package q

type T struct{ n int }

func (t *T) Close() {}

func Open() *T { return &T{} }

func helper() {}
`

// TestFactCopies: the facts recorded on q are exported, object by object,
// on a variant of q (the same file checked again); a variant of other
// files, or of a package not recorded, gets none.
func TestFactCopies(t *testing.T) {
	c := newFactCopies()
	var sink []analysis.Fact
	plain := checkedPass(t, "/m/q/q.go", qSrc, map[string]analysis.Fact{}, &sink)
	rec := &recorder{}
	for _, name := range []string{"Open", "helper"} {
		rec.object(plain.Pkg.Scope().Lookup(name), &noteFact{name})
	}
	closeFn, _, _ := types.LookupFieldOrMethod(types.NewPointer(plain.Pkg.Scope().Lookup("T").Type()), true, plain.Pkg, "Close")
	rec.object(closeFn, &noteFact{"Close"})
	rec.pkgFact(&noteFact{"pkg"})

	got := map[string]analysis.Fact{}
	var gotPkg []analysis.Fact
	variant := checkedPass(t, "/m/q/q.go", qSrc, got, &gotPkg)
	if c.copyTo(variant) {
		t.Fatal("copyTo before q was recorded: copied")
	}
	c.record(plain, rec)
	if !c.copyTo(variant) {
		t.Fatal("copyTo after q was recorded: not copied")
	}
	want := map[string]string{
		"func m/q.Open() *m/q.T": "Open",
		"func m/q.helper()":      "helper",
		"func (*m/q.T).Close()":  "Close",
	}
	for obj, note := range want {
		if f, ok := got[obj].(*noteFact); !ok || f.Note != note {
			t.Errorf("fact on %s = %v, want %q", obj, got[obj], note)
		}
	}
	if len(got) != len(want) || len(gotPkg) != 1 {
		t.Errorf("copied %d object facts and %d package facts, want %d and 1", len(got), len(gotPkg), len(want))
	}

	other := checkedPass(t, "/m/q/other.go", qSrc, map[string]analysis.Fact{}, &sink)
	if c.copyTo(other) {
		t.Error("copyTo a variant with other files: copied")
	}
}
