// Package confirm joins leaklint's static findings with the runtime leak
// reports of a test run: `leaklint confirm [-json] -static findings.json
// report.json|dir ...`.
//
// The findings are the output of `leaklint -json ./...` (go/analysis JSON,
// one or several concatenated trees); the reports are the JSON files that
// the runtime package writes into LEAKLINT_REPORT_DIR when a check fails.
// For each finding it prints whether a run confirmed it, and for each
// runtime leak the findings that explain it, or "unexplained (a gap in the
// passes)".
//
// # The join rule
//
// Both sides speak file:line. A leaked goroutine has up to three sites: its
// origin (the user's call that created a stream value, from the
// leaklint.origin label), created_by (the go statement that started it) and
// position (the innermost user frame where it blocks). An unclosed value has
// its origin. A finding has its position, its end, and its related
// positions.
//
// A finding explains a leak when one of the finding's positions and one of
// the leak's sites are in the same file and the site's line lies within the
// statement that the finding's position belongs to. The statement is read
// from the source when it is available: the innermost simple statement
// (assignment, call, go, defer, send, return, ...) that contains the
// position, so that a finding at `go func() {` covers the goroutine's body,
// and a multi-line call is one unit whichever of its lines the runtime
// attributes the call to. Without the source, the statement is the lines
// from the finding's position to its end. Block statements (if, for,
// switch) are never used as spans: they would let a finding explain
// anything nested in them.
//
// missingcancel is the exception: a lost cancel does not leak where it is
// lost but in a goroutine waiting on that context. Its findings therefore
// explain a leak whose origin or created_by lies in the same function as
// the finding (read from the source; without it the rule cannot apply).
// Such matches are marked "same function", the others "same statement".
//
// Files match when their cleaned paths are equal. When one side is not
// absolute (a binary built with -trimpath prints module paths), both must
// end in the same directory and file name.
package confirm
