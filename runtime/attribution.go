package leak

import (
	"context"
	"os"
	goruntime "runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// TestLabel is the pprof label that ties goroutines to the check that
// watches them. A check runs the test's work under a fresh value of it;
// every goroutine started from there, directly or transitively, inherits
// the label, and the check considers only goroutines that carry its value.
// This is what lets parallel tests check leaks without blaming each other.
const TestLabel = "leaklint.test"

// originLabel is the label the stream package puts on the goroutines it
// starts: the "file:line" of the user's call that created them.
const originLabel = "leaklint.origin"

var detectorNextLabel atomic.Uint64

// detectorNewLabel returns a label value no other check in the process has.
func detectorNewLabel() string { return strconv.FormatUint(detectorNextLabel.Add(1), 10) }

// detectorLabelsVisible makes goroutine labels appear in runtime.Stack
// (GODEBUG=tracebacklabels=1, Go 1.26) and reports whether they do.
//
// The runtime rereads GODEBUG whenever os.Setenv changes it, and
// tracebacklabels is one of the settings it applies at run time, so the
// detector turns it on itself. A user who set tracebacklabels=0 on purpose
// keeps it; checks then fall back to comparing snapshots, which is not safe
// for parallel tests. The setting is rechecked on every check because a
// test's t.Setenv("GODEBUG", ...) restores the old value when it ends.
func detectorLabelsVisible() bool {
	detectorGodebugMu.Lock()
	defer detectorGodebugMu.Unlock()
	godebug := os.Getenv("GODEBUG")
	switch detectorGodebugValue(godebug, "tracebacklabels") {
	case "1":
	case "":
		if godebug != "" {
			godebug += ","
		}
		if err := os.Setenv("GODEBUG", godebug+"tracebacklabels=1"); err != nil {
			return false
		}
	default:
		return false
	}
	// The probe costs a goroutine and a stack print: do it once per
	// GODEBUG value.
	godebug = os.Getenv("GODEBUG")
	if godebug != detectorProbedGodebug {
		detectorProbedGodebug = godebug
		detectorProbeResult = detectorLabelsProbe()
	}
	return detectorProbeResult
}

var (
	detectorGodebugMu     sync.Mutex
	detectorProbedGodebug string // guarded by detectorGodebugMu
	detectorProbeResult   bool   // guarded by detectorGodebugMu
)

// detectorGodebugValue returns the last value of key in a GODEBUG string,
// the one the runtime applies.
func detectorGodebugValue(godebug, key string) string {
	value := ""
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == key {
			value = v
		}
	}
	return value
}

// detectorLabelsProbe confirms that this runtime prints labels, rather
// than trusting the setting: an older or patched runtime may ignore it.
func detectorLabelsProbe() bool {
	// On a goroutine of its own: pprof.Do ends by setting the labels of the
	// context it was given, which would wipe the caller's.
	visible := make(chan bool)
	go pprof.Do(context.Background(), pprof.Labels("leaklint.probe", "1"), func(context.Context) {
		self, ok := detectorSelf()
		_, found := stack.Label([]byte(self.labels), "leaklint.probe")
		visible <- ok && found
	})
	return <-visible
}

// detectorLabelContext returns a context carrying the calling goroutine's
// current labels. pprof.Do(ctx, ...) and SetGoroutineLabels(ctx) replace a
// goroutine's labels by ctx's, so they need it to keep the user's labels
// (and an enclosing check's) instead of dropping them.
func detectorLabelContext(self detectorGoroutine) context.Context {
	ctx := context.Background()
	if self.labels != "" {
		ctx = pprof.WithLabels(ctx, pprof.Labels(detectorLabelPairs(self.labels)...))
	}
	return ctx
}

// detectorGoroutine is what the detector needs to know of the goroutine
// it runs on.
type detectorGoroutine struct {
	id     uint64
	labels string // raw label text, as in stack.Goroutine.Labels
}

// detectorSelf reads the calling goroutine's ID and labels from its own
// stack header. One goroutine's stack is cheap to print (about a
// microsecond), unlike a dump of all of them.
func detectorSelf() (detectorGoroutine, bool) {
	for size := 1 << 10; size <= 1<<20; size *= 16 {
		buf := make([]byte, size)
		buf = buf[:goruntime.Stack(buf, false)]
		// Only the header is needed; it is complete once a newline follows.
		if strings.IndexByte(string(buf), '\n') < 0 && len(buf) == size {
			continue
		}
		var g stack.Goroutine
		d := stack.NewDump(buf)
		if !d.Next(&g) {
			return detectorGoroutine{}, false
		}
		return detectorGoroutine{id: g.ID, labels: string(g.Labels)}, true
	}
	return detectorGoroutine{}, false
}

// detectorLabelPairs decodes raw label text into pprof.Labels arguments.
func detectorLabelPairs(raw string) []string {
	var kv []string
	rest := []byte(raw)
	for len(rest) > 0 {
		key, value, more, ok := stack.NextLabel(rest)
		if !ok {
			break
		}
		kv = append(kv, stack.Unquote(key), stack.Unquote(value))
		rest = more
	}
	return kv
}

// detectorCurrentTestLabel returns the TestLabel value the calling
// goroutine carries, or "".
func detectorCurrentTestLabel() string {
	self, ok := detectorSelf()
	if !ok {
		return ""
	}
	v, _ := stack.Label([]byte(self.labels), TestLabel)
	return string(v)
}
