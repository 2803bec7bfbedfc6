package leak

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/leaklint/leaklint/runtime/internal/reportfile"
)

// Goroutines that are not blocked are "running" or "sleeping", never
// "runnable, blocked for 0s".
func TestReportSaysRunningAndSleeping(t *testing.T) {
	r := &LeakReport{Test: "TestX", Leaks: []LeakedGoroutines{
		{Count: 1, State: "runnable", Function: "example.com/p.spin"},
		{Count: 2, State: "running", Function: "example.com/p.spin"},
		{Count: 1, State: "sleep", Function: "time.Sleep"},
		{Count: 1, State: "syscall", Function: "syscall.Syscall"},
		{Count: 1, State: "chan receive", BlockedFor: 2 * time.Second, Function: "example.com/p.wait"},
	}}
	text := r.String()
	verifyContains(t, text, "[1] 1 × running\n    now in      example.com/p.spin",
		"[2] 2 × running\n", "[3] 1 × sleeping\n", "[4] 1 × in a system call\n",
		"[5] 1 × chan receive, blocked for 2s\n    blocked at  example.com/p.wait")
	assert.NotContains(t, text, "runnable")
	assert.NotContains(t, text, "blocked for 0s")
}

// A blocked goroutine seen only at the check's last look has been blocked
// for an unknown time: the report does not say "blocked for 0s".
func TestReportBlockedSeenOnceHasNoDuration(t *testing.T) {
	r := &LeakReport{Test: "TestX", Leaks: []LeakedGoroutines{
		{Count: 1, State: "IO wait", Function: "net/http.(*persistConn).readLoop"},
	}}
	text := r.String()
	verifyContains(t, text, "[1] 1 × IO wait, blocked when checked\n    blocked at  net/http.(*persistConn).readLoop")
	assert.NotContains(t, text, "blocked for 0s")
}

func TestReportSpinningGoroutineIsRunning(t *testing.T) {
	stop := make(chan struct{})
	defer close(stop)
	rec := &verifyRecorder{name: "TestSpin"}
	VerifyNoLeaks(rec, func() {
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
			}
		}()
	}, WithTimeout(10*time.Millisecond), WithProgressGrace(0))
	report, _, _ := strings.Cut(rec.single(t), "stacks (one per group)")
	assert.Regexp(t, `\[1\] 1 × running\n`, report)
	assert.NotContains(t, report, "runnable", "outside the raw stacks")
}

// The report file's error messages name the variable by the internal
// package's copy of its name.
func TestReportDirEnvMatchesTheWriter(t *testing.T) {
	assert.Equal(t, ReportDirEnv, reportfile.DirEnv)
}
