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

// tinyBlock is the size of the blocks in which the runtime's tiny
// allocator packs small objects without pointers (runtime.maxTinySize).
const tinyBlock = 16

// SeparateTiny makes the calling goroutine's next small pointer-free
// allocations start a block of their own, unshared with what it allocated
// before. Call it where a check begins and where it ends, so that the
// objects of the code under check and those of the check itself never
// share a block.
//
// The collection marks such a block as a whole while any object in it is
// live, and marks the block each processor is filling at its start. A
// sync.Mutex is small and holds no pointer: the first one the code under
// check allocates lands in the block the caller was filling, beside, say,
// the check's own state, and the last one in the block still being
// filled; a goroutine blocked on either is not proven leaked (GoKer's
// MutexStack: 999 of 1000 proven, always the first to block). The objects
// allocated here are garbage at once. Only the calling goroutine's
// processor is affected: what goroutines of the code under check allocate
// elsewhere keeps the limit. It costs about as much as sixteen one-byte
// allocations.
func SeparateTiny() {
	// One-byte objects fill the current block to its end; the last ones
	// open a block of garbage that becomes the current one.
	for range tinyBlock {
		tinyObject()
	}
}

// tinyObject allocates one byte on the heap: the result escapes, and not
// inlining it keeps the compiler from dropping the allocation.
//
//go:noinline
func tinyObject() *byte { return new(byte) }
