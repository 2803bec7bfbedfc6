package chansummary

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"
)

// exposedSrc hands some unexported types out through its exported API, in
// each way code of other packages can come to hold one, and keeps others
// to itself.
const exposedSrc = `package p

type viaResult struct{}
type viaSlice struct{}
type viaField struct{}
type viaEmbed struct{}
type viaMethod struct{}
type viaVar struct{}
type private struct{}
type privateField struct{}

func New() *viaResult { return nil }

func All() []viaSlice { return nil }

type Box struct {
	Item   viaField
	inner  privateField
	*viaEmbed
}

func (b *Box) Next() map[string]*viaMethod { return nil }

func (b *Box) own() *private { return nil }

var Default *viaVar

func helper() *private { return nil }
`

func TestExposedTypes(t *testing.T) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", exposedSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, nil)
	if err != nil {
		t.Fatal(err)
	}
	exposed := exposedTypes(pkg)
	for _, name := range []string{"viaResult", "viaSlice", "viaField", "viaEmbed", "viaMethod", "viaVar"} {
		if !exposed[pkg.Scope().Lookup(name).(*types.TypeName)] {
			t.Errorf("%s is handed out by the exported API, but not exposed", name)
		}
	}
	for _, name := range []string{"private", "privateField"} {
		if exposed[pkg.Scope().Lookup(name).(*types.TypeName)] {
			t.Errorf("%s is only reachable inside the package, but exposed", name)
		}
	}
}
