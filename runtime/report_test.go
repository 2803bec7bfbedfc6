package leak

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/reportfile"
	"github.com/leaklint/leaklint/runtime/internal/stack"
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

// A stack of standard-library frames only points at what the goroutine
// is doing, not at the poller it waits in.
func TestReportMostSpecificStandardFrame(t *testing.T) {
	root := blame.StdRoot()
	if root == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	dump := strings.ReplaceAll(`goroutine 9 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	ROOTruntime/netpoll.go:351 +0x85
internal/poll.(*pollDesc).wait(0x1, 0x2, 0x0)
	ROOTinternal/poll/fd_poll_runtime.go:84 +0x27
internal/poll.(*FD).Read(0x1, {0x2, 0x1000, 0x1000})
	ROOTinternal/poll/fd_unix.go:165 +0x2ae
net.(*netFD).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/fd_posix.go:68 +0x25
net.(*conn).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/net.go:196 +0x45
net/http.(*persistConn).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/http/transport.go:2174 +0x47
bufio.(*Reader).fill(0x1)
	ROOTbufio/bufio.go:113 +0x103
bufio.(*Reader).Peek(0x1, 0x1)
	ROOTbufio/bufio.go:152 +0x53
net/http.(*persistConn).readLoop(0x1)
	ROOTnet/http/transport.go:2330 +0x172
created by net/http.(*Transport).dialConn in goroutine 24
	ROOTnet/http/transport.go:1994 +0x16ac
`, "ROOT", root)
	var g stack.Goroutine
	d := stack.NewDump([]byte(dump))
	if !d.Next(&g) {
		t.Fatal("no goroutine parsed")
	}
	lg := detectorDescribe(&g)
	assert.Equal(t, "net/http.(*persistConn).readLoop", lg.Function)
	assert.Equal(t, 2330, lg.Position.Line)
}

// The report file's error messages name the variable by the internal
// package's copy of its name.
func TestReportDirEnvMatchesTheWriter(t *testing.T) {
	assert.Equal(t, ReportDirEnv, reportfile.DirEnv)
}
