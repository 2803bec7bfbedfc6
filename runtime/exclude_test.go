package leak

import (
	"context"
	"os"
	"os/signal"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// A signal.NotifyContext whose stop is never called leaves its watcher
// goroutine behind: the user's leak, though os/signal created it.
func TestExcludeSignalNotifyContextNeverStoppedIsReported(t *testing.T) {
	rec := &verifyRecorder{name: "TestSignal"}
	var stop context.CancelFunc
	VerifyNoLeaks(rec, func() {
		_, stop = signal.NotifyContext(context.Background(), os.Interrupt)
	}, WithTimeout(20*time.Millisecond))
	stop()
	report := rec.single(t)
	assert.Contains(t, report, "os/signal.NotifyContext")
	assert.NotContains(t, report, "os/signal.loop", "the runtime's signal loop is not the test's")
}

// Stopped, it leaves nothing of the test's: the signal loop os/signal
// starts once per process is the runtime's.
func TestExcludeSignalNotifyContextStoppedPasses(t *testing.T) {
	rec := &verifyRecorder{name: "TestSignal"}
	VerifyNoLeaks(rec, func() {
		_, stop := signal.NotifyContext(context.Background(), os.Interrupt)
		stop()
	})
	rec.none(t)
}

func TestExcludeBuiltinMatchesEntryAndCreatorExactly(t *testing.T) {
	parse := func(dump string) *stack.Goroutine {
		var g stack.Goroutine
		d := stack.NewDump([]byte(dump))
		require.True(t, d.Next(&g))
		return &g
	}
	for _, c := range []struct {
		name, dump string
		excluded   bool
	}{
		{"subtest", `goroutine 7 [chan receive]:
testing.(*T).Parallel(0xc000102000)
	/go/src/testing/testing.go:1700 +0x1
testing.tRunner(0xc000102000, 0x5)
	/go/src/testing/testing.go:2036 +0xea
created by testing.(*T).Run in goroutine 6
	/go/src/testing/testing.go:2101 +0x4c5
`, true},
		{"signal loop", `goroutine 5 [syscall]:
os/signal.signal_recv()
	/go/src/runtime/sigqueue.go:152 +0x98
os/signal.loop()
	/go/src/os/signal/signal_unix.go:23 +0x13
created by os/signal.Notify.func1.1 in goroutine 21
	/go/src/os/signal/signal.go:152 +0x1f
`, true},
		{"NotifyContext watcher", `goroutine 6 [select]:
os/signal.NotifyContext.func1()
	/go/src/os/signal/signal.go:292 +0x7c
created by os/signal.NotifyContext in goroutine 21
	/go/src/os/signal/signal.go:291 +0x158
`, false},
		{"user goroutine with a testing frame on top", `goroutine 9 [chan receive]:
testing.(*T).Run(0xc000102000, {0x1, 0x2}, 0x3)
	/go/src/testing/testing.go:2109 +0x4e5
example.com/p.helper()
	/src/p/p_test.go:10 +0x1
created by example.com/p.TestX in goroutine 6
	/src/p/p_test.go:20 +0x1
`, false},
		{"user goroutine run by a testing-like name", `goroutine 9 [select]:
example.com/p.tRunner()
	/src/p/p.go:10 +0x1
created by testing.(*T).Run in goroutine 6
	/go/src/testing/testing.go:2101 +0x4c5
`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.excluded, detectorBuiltinExcluded(parse(c.dump)))
		})
	}
}

func TestExcludeNameMatchesClosuresOnlyWhenAsked(t *testing.T) {
	assert.True(t, detectorNameMatches([]byte("os/signal.Notify.func2.1"), "os/signal.Notify.func*"))
	assert.True(t, detectorNameMatches([]byte("os/signal.Notify.func1"), "os/signal.Notify.func*"))
	assert.False(t, detectorNameMatches([]byte("os/signal.Notify"), "os/signal.Notify.func*"))
	assert.False(t, detectorNameMatches([]byte("os/signal.NotifyContext.func1"), "os/signal.Notify.func*"))
	assert.False(t, detectorNameMatches([]byte("os/signal.Notify.funcx"), "os/signal.Notify.func*"))
	assert.True(t, detectorNameMatches([]byte("testing.tRunner"), "testing.tRunner"))
	assert.False(t, detectorNameMatches([]byte("testing.tRunner.func1"), "testing.tRunner"))
}

// The built-in list names only the runtime's and testing's go statements.
func TestExcludeBuiltinListIsRuntimeAndTestingOnly(t *testing.T) {
	for _, own := range detectorBuiltinExclusions {
		ok := false
		for _, pkg := range []string{"testing.", "runtime.", "runtime/trace.", "os/signal.loop"} {
			ok = ok || strings.HasPrefix(own.entry, pkg)
		}
		assert.True(t, ok, "%s is not the runtime's or testing's", own.entry)
	}
}
