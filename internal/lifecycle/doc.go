// Package lifecycle is the engine under the leaklint passes. It answers one
// question about a kind of resource:
//
//	A value acquired here must be released on every path out of the
//	function, unless its ownership leaves the function first.
//
// A pass describes its resource with a Kind (what acquires it, what
// releases it) and turns the Leaks that Analyze returns into diagnostics.
//
// The engine works on the SSA form of each function. From every
// acquisition it follows the value through copies, phis, interface
// conversions, local variables and closures, and classifies each use:
// a release (calling a cancel func, calling the release method, deferring
// or starting either in a goroutine, calling a closure that does), a hand
// over (returning, storing where the value outlives the call, sending,
// passing to a function that releases, keeps or returns its parameter), or
// neither. It then searches the control-flow graph for a path from the
// acquisition to a return that meets no release and no hand-over. Paths
// that end in a panic or a call that never returns are not leaks; on the
// error path of the (v, err) idiom, and where v is known to be nil, there
// is nothing to release; reaching the acquisition again is a leak of the
// previous iteration's value. Along a path the search keeps the values of
// loop counters that a constant bounds, so a release under `if i == 500`
// in `for i := range 1000` is known to happen (within a step budget, past
// which it searches without them).
//
// A closure that releases on some of its paths only (`defer func() { if
// err != nil { v.Close() } }()`) counts as a release when the function
// also releases or hands the value over elsewhere (clean up on failure,
// hand over on success), and not at all when it is the only handler. A
// field of a local struct that does not escape holds the resource until
// the field is read. A value passed as an interface that lacks its
// release method (io.Reader, io.Writer) to a function whose results
// cannot carry it is neither released nor handed over.
//
// A function of another package that returns a must-close type the Kind
// names, declared in that same package, is a constructor (os.Open,
// (*sql.DB).Query): the bodies of such packages keep an eye on what they
// hand out, which inference would take for keeping it.
//
// Cross-package knowledge travels in facts: which results of a function
// carry a fresh resource, which parameters it releases, keeps or returns,
// which types are must-close. A callee that was never analysed is assumed
// to take care of what it is given, so that missing knowledge costs a
// missed leak rather than a false report.
package lifecycle
