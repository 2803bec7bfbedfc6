package chansummary

import (
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"testing"

	"golang.org/x/tools/go/ssa"
	"golang.org/x/tools/go/ssa/ssautil"
)

const src = `package p

type stopper struct{ done chan struct{} }

func (s *stopper) wait() <-chan struct{} { return s.done }

type server struct {
	st   *stopper
	reqs chan int
	out  chan int
	ext  chan int
}

func newServer(n int) *server {
	return &server{st: &stopper{done: make(chan struct{})}, reqs: make(chan int, n), out: make(chan int)}
}

func start() *server {
	s := newServer(4)
	go s.loop()
	return s
}

func (s *server) loop() {
	for {
		select {
		case <-s.st.wait():
			return
		case r := <-s.reqs:
			_ = r
		}
	}
}

func (s *server) ask(v int) { s.reqs <- v }

func (s *server) give(keep func(chan int)) { keep(s.ext) }

func (s *server) unused() { <-s.out }

func consume(ch <-chan int) error {
	for v := range ch {
		if v < 0 {
			return nil
		}
	}
	return nil
}

func drain(ch <-chan int) {
	for range ch {
	}
}
`

func build(t *testing.T) *Summary {
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
	var funcs []*ssa.Function
	var add func(fn *ssa.Function)
	add = func(fn *ssa.Function) {
		funcs = append(funcs, fn)
		for _, anon := range fn.AnonFuncs {
			add(anon)
		}
	}
	for _, m := range pkg.Members {
		switch m := m.(type) {
		case *ssa.Function:
			add(m)
		case *ssa.Type:
			mset := pkg.Prog.MethodSets.MethodSet(types.NewPointer(m.Type()))
			for i := range mset.Len() {
				if fn := pkg.Prog.MethodValue(mset.At(i)); fn != nil && fn.Synthetic == "" {
					add(fn)
				}
			}
		}
	}
	sort.Slice(funcs, func(i, j int) bool { return funcs[i].Pos() < funcs[j].Pos() })
	return summarise(pkg, funcs, false)
}

func field(t *testing.T, s *Summary, name string) *Field {
	t.Helper()
	for v, f := range s.Fields {
		if v.Name() == name {
			return f
		}
	}
	t.Fatalf("no summary for field %s", name)
	return nil
}

func TestFieldOperationsAcrossMethods(t *testing.T) {
	s := build(t)
	done := field(t, s, "done")
	if done.Open || done.Count(Recv) != 1 || done.Count(Send) != 0 || done.Count(Close) != 0 {
		t.Errorf("done: open %v, ops %+v; want one receive through the accessor, closed world", done.Open, done.Ops)
	}
	if done.Name != "stopper.done" {
		t.Errorf("done is named %q", done.Name)
	}
	reqs := field(t, s, "reqs")
	if reqs.Open || reqs.Count(Recv) != 1 || reqs.Count(Send) != 1 {
		t.Errorf("reqs: open %v, ops %+v", reqs.Open, reqs.Ops)
	}
	if !reqs.CapKnown || reqs.Cap != 4 {
		t.Errorf("reqs: capacity %d (known %v), want 4 from newServer's caller", reqs.Cap, reqs.CapKnown)
	}
	if ext := field(t, s, "ext"); !ext.Open {
		t.Error("ext is handed to an unknown function and never made here, but is a closed world")
	}
	out := field(t, s, "out")
	if len(out.Ops) != 1 || !s.Dead(out.Ops[0].Fn) {
		t.Errorf("out is received only in unused, which nothing calls: ops %+v", out.Ops)
	}
}

func TestStartsAndConsumers(t *testing.T) {
	s := build(t)
	var loop, consume, drain *ssa.Function
	for _, fn := range s.Funcs {
		switch fn.Name() {
		case "loop":
			loop = fn
		case "consume":
			consume = fn
		case "drain":
			drain = fn
		}
	}
	if len(s.Starts[loop]) != 1 {
		t.Errorf("loop is started by %d go statements, want 1", len(s.Starts[loop]))
	}
	if k, e := Consumes(consume, consume.Params[0]); k != StopsEarly || e.Recvs != 1 {
		t.Errorf("consume: %v after %d receives, want StopsEarly after 1", k, e.Recvs)
	}
	if k, _ := Consumes(drain, drain.Params[0]); k != UntilClosed {
		t.Errorf("drain: %v, want UntilClosed", k)
	}
}
