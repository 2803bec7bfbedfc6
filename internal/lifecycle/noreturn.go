package lifecycle

import (
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// noReturn reports whether call never returns to its caller: it exits
// the process (os.Exit, log.Fatal), ends the goroutine (runtime.Goexit,
// a test's Fatal, FailNow or Skip) or panics (log.Panic). A path through
// it reaches no return of the function, so it leaks nothing.
func noReturn(call *ssa.CallCommon) bool {
	var obj *types.Func
	if call.IsInvoke() {
		obj = call.Method
	} else if fn := call.StaticCallee(); fn != nil {
		obj = funcObject(fn)
	}
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	switch obj.Pkg().Path() {
	case "os":
		return obj.Name() == "Exit"
	case "runtime":
		return obj.Name() == "Goexit"
	case "log":
		switch obj.Name() {
		case "Fatal", "Fatalf", "Fatalln", "Panic", "Panicf", "Panicln":
			return true
		}
	case "testing":
		// (*testing.T).Fatal is promoted from testing.common, and
		// testing.TB's methods are invoked through the interface.
		switch obj.Name() {
		case "Fatal", "Fatalf", "FailNow", "Skip", "Skipf", "SkipNow":
			return true
		}
	}
	return false
}
