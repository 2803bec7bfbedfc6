// Package leakgc asks the garbage collector to prove goroutines leaked,
// through the leak-detecting collection behind the "goroutineleak"
// profile: Go 1.27 has it in every binary, Go 1.26 only when built with
// GOEXPERIMENT=goroutineleakprofile. Whether it is there is decided at run
// time, so one build of the detector uses it wherever the runtime offers
// it.
//
// The collection proves a goroutine leaked when it is blocked on something
// (a channel, a mutex, a wait group, a condition) that no running
// goroutine can reach any more: nothing can ever wake it. The runtime then
// prints it with " (leaked)" after its state, in runtime.Stack as in every
// later dump. Goroutines blocked on something still reachable (a global,
// another goroutine's stack) are not proven; that is the profile's known
// limit.
package leakgc

import (
	"io"
	"runtime/pprof"
)

// profileName is the runtime's name for the profile.
const profileName = "goroutineleak"

// Available reports whether this runtime can prove leaks. It costs a map
// look-up.
func Available() bool { return pprof.Lookup(profileName) != nil }

// Collect runs one leak-detecting garbage collection (a few milliseconds:
// it is a full collection) and reports whether it ran. Afterwards the
// goroutines it proved stuck print as "(leaked)".
func Collect() bool {
	p := pprof.Lookup(profileName)
	if p == nil {
		return false
	}
	// The collection runs whatever the output; debug=1 lists only the
	// leaked goroutines as text, which spares the protobuf encoding of
	// debug=0 and the full dump of debug=2.
	return p.WriteTo(io.Discard, 1) == nil
}
