// Package unclosedstream defines an Analyzer that reports must-close values
// that a function creates and does not release on every path.
//
// # Analyzer unclosedstream
//
// unclosedstream: report must-close values that are not closed on every path
//
// A stream.StreamingContext or stream.StreamingResultBuilder owns a
// goroutine until Close is called; a runtime.StreamingResourceGuard holds
// its streams until Cleanup. unclosedstream reports a value of such a
// must-close type that a function creates and does not release on some
// path out of the function, that it discards, that it creates in a loop
// and does not release in the same iteration, or whose release it defers
// inside a loop.
//
// Ownership leaves the function, so nothing is reported, when the value is
// returned; stored in a field, global, map or slice; sent on a channel;
// captured by a closure or goroutine that releases it; or passed to a
// function that releases, stores or returns it (learnt as a fact, across
// packages). On the error path of the (v, err) idiom, and where v is nil,
// there is nothing to release.
//
// Must-close types are the three above; any type whose declaration carries
// a //leaklint:mustclose directive, optionally naming the release method
// (Close by default), which is exported as a fact; and the types given
// with -unclosedstream.types. Any function that returns a fresh value of a
// must-close type, and does not keep it, is a constructor; so is any
// function of the package that declares a type named by
// -unclosedstream.types (or one of the three above) that returns it, such
// as os.Open or (*sql.DB).Query, other than the type's own methods.
//
// A value passed as an io.Reader, io.Writer or other interface without
// its release method, to a function whose results cannot carry it on
// (io.ReadAll, fmt.Fprintf), is not released by that call. A deferred
// closure that releases only under a condition releases the value only
// if the function also releases or hands it over elsewhere.
//
// A value that is never released comes with a suggested fix that defers
// its release right after its creation, or after the error check that
// follows it.
//
// Flags:
//
//	-unclosedstream.types  comma-separated more must-close types, as
//	                       importpath.Type or importpath.Type:Method, e.g.
//	                       database/sql.Rows,os.File,example.com/q.Lease:Return
//
// A finding is silenced with //leaklint:ignore unclosedstream <reason> on
// its line, the line above, or in the doc comment of the function.
package unclosedstream
