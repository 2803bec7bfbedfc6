package lockflow

import (
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const promotedSrc = `package p

import "sync"

type inner struct{ sync.Mutex }

type outer struct {
	inner
	n int
}

type viaPtr struct{ *sync.RWMutex }

func sink(...func()) {}

func f(a *inner, b *outer, c *viaPtr, m *sync.Mutex) {
	sink(a.Unlock, b.Unlock, c.RUnlock, m.Lock)
	a.Mutex.Unlock()
	b.inner.Mutex.Unlock()
	c.RWMutex.RUnlock()
	m.Lock()
}
`

// The key of a method value's lock is the key of the same lock named
// directly: a promoted method reaches through the embedded fields.
func TestPromotedMatchesDirect(t *testing.T) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", promotedSrc, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{Importer: importer.Default()}, fset,
		types.NewPackage("p", ""), []*ast.File{file}, ssa.SanityCheckFunctions)
	if err != nil {
		t.Fatal(err)
	}
	fn := pkg.Func("f")
	n := NewNamer(fn)
	var bound, direct []Key
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.MakeClosure:
				m := in.Fn.(*ssa.Function).Object().(*types.Func)
				k, ok := n.Promoted(in.Bindings[0], m)
				if !ok {
					t.Fatalf("no key for the method value %v", in)
				}
				bound = append(bound, k)
			case *ssa.Call:
				if in.Call.StaticCallee() == nil || in.Call.Signature().Recv() == nil || len(in.Call.Args) == 0 {
					continue
				}
				k, ok := n.Of(in.Call.Args[0])
				if !ok {
					t.Fatalf("no key for %v", in)
				}
				direct = append(direct, k)
			}
		}
	}
	if len(bound) != 4 || len(direct) != 4 {
		t.Fatalf("found %d method values and %d direct calls, want 4 and 4", len(bound), len(direct))
	}
	for i := range bound {
		if bound[i] != direct[i] {
			t.Errorf("method value %d: key %+v, the direct call names %+v", i, bound[i], direct[i])
		}
	}
}
