package chanflow

import (
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// NoReturn reports whether instr is a call after which the calling
// goroutine never continues: the process exits, the goroutine exits, or a
// test stops. Paths through such a call end there, so they are not exits
// on which a channel is left behind by this function.
func NoReturn(instr ssa.Instruction) bool {
	call, ok := instr.(*ssa.Call)
	if !ok {
		return false
	}
	callee := call.Call.StaticCallee()
	if callee == nil {
		// t.Fatal through the testing.TB interface, or t.FailNow through
		// testify's TestingT, which require.* calls on failure.
		if call.Call.IsInvoke() {
			return isTestStop(call.Call.Method.Name()) && isTestingInterface(call.Call.Value.Type(), call.Call.Method.Pkg())
		}
		return false
	}
	if callee.Pkg == nil || callee.Pkg.Pkg == nil {
		return false
	}
	name := callee.Name()
	path := callee.Pkg.Pkg.Path()
	switch path {
	case "os":
		return name == "Exit"
	case "runtime":
		return name == "Goexit"
	case "log":
		return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	case "testing":
		return isTestStop(name)
	}
	if strings.HasSuffix(path, "testify/require") {
		// require.Fail and require.FailNow always stop the test.
		return name == "Fail" || name == "FailNow" || name == "Failf" || name == "FailNowf"
	}
	return false
}

// isTestingInterface reports an interface that stands for a test: the
// testing package's TB, or an interface named TestingT or TB (testify's,
// gomega's) whose methods are a test's.
func isTestingInterface(t types.Type, methodPkg *types.Package) bool {
	if methodPkg != nil && strings.HasSuffix(methodPkg.Path(), "testing") {
		return true
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok {
		return false
	}
	switch n.Obj().Name() {
	case "TestingT", "TB", "T":
		return true
	}
	return false
}

func isTestStop(name string) bool {
	switch name {
	case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
		return true
	}
	return false
}
