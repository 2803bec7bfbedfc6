// Package analysisutil holds small helpers shared by the leaklint passes
// that are not about resource lifecycles: building an Analyzer's Doc from
// its package documentation, and cheap "can this package matter" checks.
package analysisutil
