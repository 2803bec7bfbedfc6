// Package missingcancel defines an Analyzer that reports cancel functions
// that can be lost, leaking their context.
//
// # Analyzer missingcancel
//
// missingcancel: report cancel and stop functions that are not called on every path
//
// A context made by context.WithCancel, WithTimeout, WithDeadline, their
// Cause forms, or signal.NotifyContext holds resources (a timer, a
// goroutine watching the parent, a signal registration) until its cancel
// or stop function is called or its parent is done. missingcancel reports
// such a function that is
//
//   - discarded with _ or never bound;
//   - not called on some path out of the function (the message names the
//     return that leaks it);
//   - deferred inside a loop, so every iteration's context lives until the
//     function returns;
//   - created in a loop and not called before the next iteration;
//   - kept only in a local that is merely used with _ =, in a field that
//     nothing reads, or passed to a function that neither calls, stores
//     nor returns it.
//
// Functions, in this package or another, that return a cancel function
// they got from one of the constructors are learnt as facts, so wrappers
// are checked like the constructors themselves.
//
// A deferred closure that calls the cancel function only under a
// condition (`if err != nil { cancel() }`) counts only if the function
// also returns, stores or calls it elsewhere.
//
// Ownership leaves the function, so nothing is reported, when the cancel
// function is returned; stored in a field that is read, a global or a
// variable of an enclosing function; called or deferred in a closure or a
// goroutine; or passed to a function that does any of these.
// Returning from main.main is exempt: the process exits.
//
// A discarded cancel function comes with a suggested fix that names it
// and defers the call.
//
// Flags:
//
//	-missingcancel.funcs  comma-separated full names of more functions whose
//	                      last result is a cancel function, e.g.
//	                      example.com/pool.WithLease,(*example.com/pool.Pool).Lease
//
// A finding is silenced with //leaklint:ignore missingcancel <reason> on
// its line, the line above, or in the doc comment of the function.
package missingcancel
