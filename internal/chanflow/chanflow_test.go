package chanflow_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"

	"github.com/leaklint/leaklint/internal/chanflow"
)

const src = `package p

func f(n int) int {
	ch := make(chan int, 1)
	go func() { ch <- 1 }()
	s := 0
	for i := 0; i < n; i++ {
		s += <-ch
	}
	return s
}

func g(ch <-chan int) {
	for range ch {
	}
}
`

func build(t *testing.T) *ssa.Package {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	pkg, _, err := ssautil.BuildPackage(&types.Config{}, fset, types.NewPackage("p", "p"), []*ast.File{f}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return pkg
}

func makeChan(fn *ssa.Function) *ssa.MakeChan {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeChan); ok {
				return mc
			}
		}
	}
	return nil
}

func kinds(uses []chanflow.Use) map[chanflow.UseKind]int {
	m := map[chanflow.UseKind]int{}
	for _, u := range uses {
		m[u.Kind]++
	}
	return m
}

func TestUsesFollowCapturedVariable(t *testing.T) {
	fn := build(t).Func("f")
	mc := makeChan(fn)
	uses := chanflow.Uses(mc)
	got := kinds(uses)
	if got[chanflow.Capture] != 1 || got[chanflow.Recv] != 1 || got[chanflow.Escape] != 0 {
		t.Fatalf("uses of ch in f = %v, want one capture and one receive", got)
	}
	for _, u := range uses {
		if u.Kind != chanflow.Capture {
			continue
		}
		root := chanflow.ClosureRoot(u)
		if root == nil {
			t.Fatal("the closure does not reassign ch, yet ClosureRoot is nil")
		}
		if inner := kinds(chanflow.Uses(root)); inner[chanflow.Send] != 1 || len(inner) != 1 {
			t.Errorf("uses of ch in the goroutine = %v, want one send", inner)
		}
	}
}

func TestLoopsHoldTheReceiveNotTheEntry(t *testing.T) {
	fn := build(t).Func("f")
	loops := chanflow.Loops(fn)
	if _, ok := loops[fn.Blocks[0]]; ok {
		t.Error("the entry block is reported in a loop")
	}
	for _, u := range chanflow.Uses(makeChan(fn)) {
		if u.Kind == chanflow.Recv {
			if _, ok := loops[u.Instr.Block()]; !ok {
				t.Error("the receive inside the for loop is not reported in a loop")
			}
		}
	}
}

func TestClosedEdgeOfRange(t *testing.T) {
	fn := build(t).Func("g")
	param := fn.Params[0]
	isChan := func(v ssa.Value) bool { return v == param }
	closedEdges := 0
	for _, b := range fn.Blocks {
		for i := range b.Succs {
			if chanflow.ClosedEdge(b, i, isChan) {
				closedEdges++
			}
		}
	}
	if closedEdges != 1 {
		t.Errorf("range over ch has %d closed edges, want exactly the loop exit", closedEdges)
	}
}
