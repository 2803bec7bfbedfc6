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
//   - deferred inside a loop whose number of iterations is unbounded
//     (for {}, a condition that is not a counter, a range over a channel
//     or an iterator function, b.N, b.Loop()), so every iteration's
//     context lives until the function returns; table-driven, counted
//     and slice loops are bounded by their input and not reported, nor
//     is a loop that also calls the function in the same iteration;
//   - created in a loop and not called before the next iteration;
//   - kept only in a local that is merely used with _ =, in a field that
//     nothing reads, or passed to a function that neither calls, stores
//     nor returns it.
//
// Functions, in this package or another, that return a cancel function
// they got from one of the constructors are learnt as facts, so wrappers
// are checked like the constructors themselves.
//
// A context that is provably done on a path leaks nothing there, even if
// its cancel function was discarded or overwritten: after <-ctx.Done(),
// in a select case on ctx.Done(), where ctx.Err() (or context.Cause) was
// found non-nil, context.Canceled or context.DeadlineExceeded, after a
// helper that returns only once its context is done or whose error says
// so (learnt as facts), and when its parent is done or cancelled. A path
// that ends in t.Fatal, log.Fatal, os.Exit or runtime.Goexit leaks
// nothing either. (This holds for package context's constructors; the
// stop function of signal.NotifyContext also unregisters its signals.)
// A constructor called with a nil parent panics and makes nothing.
//
// A cancel function kept in a variable that a callback reads, where the
// callback was handed to other code before the function was stored
// ("stop once the watch starts"), is that code's to call.
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
