// Package wire is what the GoKer harness and its child processes agree on:
// the tool names and the result a child writes. It imports nothing heavy, so
// the parent does not link the detectors it runs.
package wire

// Tools a child knows. ToolProfile needs a binary built with
// GOEXPERIMENT=goroutineleakprofile.
const (
	ToolNone     = "none"
	ToolProfile  = "profile"
	ToolGoleak   = "goleak"
	ToolLeaklint = "leaklint"
	// ToolPaired runs leaklint and then goleak on the same execution of
	// the scenario, so that a flaky leak is seen by both or by neither.
	ToolPaired = "paired"
)

// Result is what one child run hands back to the parent.
type Result struct {
	Program string `json:"program"`
	Tool    string `json:"tool"`
	// Raw is the detector's report as the detector prints it: a debug=2
	// goroutineleak profile, goleak's error text, or the messages
	// VerifyNoLeaks sent to its TestingT followed by its JSON reports.
	Raw string `json:"raw"`
	// ScenarioNanos covers the scenario including its own settling wait;
	// CheckNanos the detector's work after the scenario returned.
	ScenarioNanos int64  `json:"scenario_ns"`
	CheckNanos    int64  `json:"check_ns"`
	Error         string `json:"error,omitempty"`
	// PairedRaw and PairedCheckNanos are goleak's report and check time in
	// a ToolPaired run (Raw and CheckNanos are leaklint's).
	PairedRaw        string `json:"paired_raw,omitempty"`
	PairedCheckNanos int64  `json:"paired_check_ns,omitempty"`
}

// JSONReportMarker separates, in Result.Raw of a leaklint run, the text
// VerifyNoLeaks reported from each JSON report it wrote.
const JSONReportMarker = "\n--- json report ---\n"
