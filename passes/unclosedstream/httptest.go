package unclosedstream

import (
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lifecycle"
)

const httptestPkg = "net/http/httptest"

// closesTestServer reports whether l is a response that l's function got
// from an httptest.Server it shuts down on the way out (defer srv.Close(),
// t.Cleanup(srv.Close)): closing the server closes the connections that
// its unread responses hold, so nothing outlives the function. A test
// (a function given a *testing.T, B, F or a testing.TB, or a closure in
// one) counts as one: its servers are shut down by the cleanups that
// made them, when it ends, and a test that leaves goroutines behind is
// the runtime detector's to catch.
func closesTestServer(l lifecycle.Leak) bool {
	if l.Func == nil || !isType(l.Type, httpPkg, "Response") {
		return false
	}
	if inTest(l.Func) {
		return true
	}
	for _, b := range l.Func.Blocks {
		for _, instr := range b.Instrs {
			switch instr := instr.(type) {
			case *ssa.Defer:
				if isServerClose(instr.Call.StaticCallee()) {
					return true
				}
			case *ssa.Call:
				// t.Cleanup(srv.Close): the bound method is an argument.
				for _, arg := range instr.Call.Args {
					if mc, ok := arg.(*ssa.MakeClosure); ok {
						if fn, ok := mc.Fn.(*ssa.Function); ok && isServerClose(boundMethod(fn)) {
							return true
						}
					}
				}
			}
		}
	}
	return false
}

// boundMethod returns the method that fn, a bound-method wrapper
// (srv.Close as a value), calls.
func boundMethod(fn *ssa.Function) *ssa.Function {
	if fn.Synthetic == "" || len(fn.Blocks) != 1 {
		return nil
	}
	for _, instr := range fn.Blocks[0].Instrs {
		if c, ok := instr.(*ssa.Call); ok {
			return c.Call.StaticCallee()
		}
	}
	return nil
}

func isServerClose(fn *ssa.Function) bool {
	if fn == nil || fn.Name() != "Close" || fn.Signature.Recv() == nil {
		return false
	}
	recv := fn.Signature.Recv().Type()
	if p, ok := recv.(*types.Pointer); ok {
		recv = p.Elem()
	}
	n, ok := types.Unalias(recv).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == httptestPkg && n.Obj().Name() == "Server"
}

// inTest reports whether fn, or a function it is nested in, takes a
// *testing.T, *testing.B, *testing.F or a testing.TB.
func inTest(fn *ssa.Function) bool {
	for ; fn != nil; fn = fn.Parent() {
		for _, p := range fn.Params {
			if isTestingParam(p.Type()) {
				return true
			}
		}
	}
	return false
}

func isTestingParam(t types.Type) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.Obj().Pkg().Path() != "testing" {
		return false
	}
	switch n.Obj().Name() {
	case "T", "B", "F", "TB":
		return true
	}
	return false
}
