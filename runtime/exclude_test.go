package leak

import (
	"context"
	"os"
	"os/signal"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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
