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
// Must-close types are the three above; *net/http.Response, released by
// closing its Body (the connection and the goroutines serving it stay
// until then); *database/sql.Rows and pgx's Rows (v4 and v5), released by
// Close or by Next returning false; *database/sql.Stmt; any type whose
// declaration carries a //leaklint:mustclose directive, optionally naming
// the release method (Close by default), which is exported as a fact; and
// the types given with -unclosedstream.types. Any function that returns a
// fresh value of a must-close type, and does not keep it, is a
// constructor; so is any function or interface method, of any package,
// whose result is of a type that the defaults or -unclosedstream.types
// name, such as os.Open, (*sql.DB).Query, pgx.Tx.Query or
// (*pgxpool.Pool).Query, other than the type's own methods and getters
// that return what a field or parameter held. The response of an
// httptest.ResponseRecorder is in memory, and a handler's request body
// belongs to the server: neither is reported. Nor are responses in tests
// (functions given a *testing.T, B, F or testing.TB, and closures in
// them) or in functions that shut down their httptest.Server: the test's
// servers close their connections when it ends. RoundTrip, the transport
// layer, and http.ReadResponse, over a connection the caller owns, are
// not constructors.
//
// Rows are an iterator: Next returning false releases them, so leaving
// `for rows.Next() { ... }` at its end needs no Close, while a return or
// break out of the loop body, where Next returned true, does. Rows of a
// QueryContext are also released by cancelling its context.
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
//	-unclosedstream.types  comma-separated more must-close types:
//	                       importpath.Type (released by Close),
//	                       importpath.Type:Method,
//	                       importpath.Type.Field:Method (released by
//	                       Method of what the field holds) or
//	                       importpath.Type:Method:Next (also released
//	                       when Next returns false), e.g.
//	                       os.File,example.com/q.Lease:Return,
//	                       example.com/api.Reply.Stream:Close
//
// An entry must resolve in every package that can see its package: the
// type must exist, and the method, directly or through the fields, must
// exist and take no arguments; otherwise the run fails with an error
// naming the entry. An entry whose package no analysed package imports
// checks nothing.
//
// A finding is silenced with //leaklint:ignore unclosedstream <reason> on
// its line, the line above, or in the doc comment of the function.
package unclosedstream
