package chanflow

import (
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
		// t.Fatal through the testing.TB interface.
		if call.Call.IsInvoke() {
			return isTestStop(call.Call.Method.Name()) && strings.HasSuffix(call.Call.Method.Pkg().Path(), "testing")
		}
		return false
	}
	if callee.Pkg == nil || callee.Pkg.Pkg == nil {
		return false
	}
	name := callee.Name()
	switch callee.Pkg.Pkg.Path() {
	case "os":
		return name == "Exit"
	case "runtime":
		return name == "Goexit"
	case "log":
		return strings.HasPrefix(name, "Fatal") || strings.HasPrefix(name, "Panic")
	case "testing":
		return isTestStop(name)
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
