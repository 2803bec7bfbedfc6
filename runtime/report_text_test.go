package leak

import (
	"flag"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var updateReportText = flag.Bool("update-report-text", false, "rewrite testdata/report.golden")

// TestReportTextGolden renders a report holding every kind of group and
// detail, so that the wording cannot change unnoticed.
func TestReportTextGolden(t *testing.T) {
	origin := &Position{File: "/src/app/svc.go", Line: 14}
	r := &LeakReport{
		Version: 1, Test: "TestHandler/sub", Waited: 401*time.Millisecond + 300*time.Microsecond, Tolerance: 1,
		Leaks: []LeakedGoroutines{
			{Count: 3, State: "chan send", BlockedFor: 380 * time.Millisecond, Definite: true,
				Function: "example.com/app.produce", Position: Position{File: "/src/app/svc.go", Line: 30},
				CreatedBy: CallSite{Function: "example.com/app.Serve", File: "/src/app/svc.go", Line: 12},
				Origin:    origin, Stack: "goroutine 7 [chan send]:\nexample.com/app.produce()", owner: "TestA"},
			{Count: 1, State: "sleep", Function: "example.com/app.retry", Position: Position{File: "/src/app/r.go", Line: 5},
				Stack: "goroutine 9 [sleep]:", owner: "TestB", kind: detectorKindTest},
			{Count: 2, State: "select", Function: "net/http.(*persistConn).readLoop", Position: Position{File: "/go/src/net/http/transport.go", Line: 2330},
				CreatedBy: CallSite{Function: "net/http.(*Transport).dialConn", File: "/go/src/net/http/transport.go", Line: 1994},
				Stack:     "goroutine 11 [select]:", advice: "call CloseIdleConnections", kind: detectorKindUnattributed},
			{Count: 1, State: "chan receive", BlockedFor: 2 * time.Minute, Function: "example.com/lib.loop", Position: Position{File: "/src/lib/l.go", Line: 9},
				Stack: "goroutine 13 [chan receive]:", kind: detectorKindProcessLifetime},
		},
		Unclosed: []UnclosedResource{{Kind: "StreamingContext", Origin: origin}, {Kind: "StreamingResultBuilder"}},
	}
	got := r.String()
	if *updateReportText {
		require.NoError(t, os.WriteFile("testdata/report.golden", []byte(got), 0o644))
	}
	want, err := os.ReadFile("testdata/report.golden")
	require.NoError(t, err)
	assert.Equal(t, string(want), got)

	empty := &LeakReport{Unclosed: []UnclosedResource{{Kind: "StreamingContext"}}}
	assert.Equal(t, "leak: 1 stream resource created by the check never closed\n\nnever closed:\n    StreamingContext created at an unknown place\n", empty.String())
}
