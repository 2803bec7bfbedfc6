package lazyssa

import (
	"go/token"
	"go/types"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/ssa"
)

// TestImportMembers checks that the callees, globals and constants of a
// package built with only the import members it names are those of the
// same package built with its imports created whole from their types:
// same package, same kind of function (from type information, not on
// demand), same parameters.
func TestImportMembers(t *testing.T) {
	checked := 0
	a := &analysis.Analyzer{
		Name:     "importmembers",
		Doc:      "test",
		Requires: []*analysis.Analyzer{Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			built := pass.ResultOf[Analyzer].(*Lazy).Build()
			ref := ssa.NewProgram(token.NewFileSet(), 0)
			for _, p := range pass.Pkg.Imports() {
				ref.CreatePackage(p, nil, nil, true)
			}
			for _, fn := range built.SrcFuncs {
				for _, b := range fn.Blocks {
					for _, instr := range b.Instrs {
						for _, op := range instr.Operands(nil) {
							if op == nil || *op == nil {
								continue
							}
							checked += compare(t, ref, *op)
						}
					}
				}
			}
			return nil, nil
		},
	}
	analysistest.Run(t, analysistest.TestData(), a, "a")
	if checked < 10 {
		t.Errorf("compared %d operands from imports, want at least 10", checked)
	}
}

// compare reports a difference between v, a function, global or constant
// of an import, and its counterpart in ref, and returns 1 if v was one.
func compare(t *testing.T, ref *ssa.Program, v ssa.Value) int {
	switch v := v.(type) {
	case *ssa.Function:
		obj, ok := v.Object().(*types.Func)
		if !ok || v.Pkg == nil && v.Synthetic != "from type information (on demand)" {
			return 0 // a wrapper or the package's own
		}
		if obj.Origin().Pkg() == nil {
			return 0
		}
		want := ref.FuncValue(obj.Origin())
		if v.Pkg != nil && v.Pkg.Pkg != obj.Pkg() {
			return 0 // the package's own
		}
		if want == nil {
			if v.Pkg != nil {
				t.Errorf("%v: got a member of %v, want one made on demand", obj, v.Pkg.Pkg.Path())
			}
			return 1
		}
		if v.Pkg == nil || v.Pkg.Pkg != want.Pkg.Pkg || v.Synthetic != want.Synthetic || v.Name() != want.Name() ||
			!reflect.DeepEqual(v.Signature, want.Signature) {
			t.Errorf("%v: got %q in %v, want %q in %v", obj, v.Synthetic, v.Pkg, want.Synthetic, want.Pkg)
		}
		return 1
	case *ssa.Global:
		if v.Pkg == nil || v.Object() == nil {
			return 0
		}
		want := ref.Package(v.Pkg.Pkg)
		if want == nil {
			return 0 // the package's own
		}
		if g := want.Var(v.Name()); g == nil || g.Object() != v.Object() {
			t.Errorf("global %v: absent when imports are created whole", v.Object())
		}
		return 1
	}
	return 0
}
