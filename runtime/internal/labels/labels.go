// Package labels makes pprof goroutine labels visible in stack dumps and
// reads them back: those of the calling goroutine, and the context that
// keeps them when a check adds its own.
package labels

import (
	"context"
	"os"
	goruntime "runtime"
	"runtime/pprof"
	"strings"
	"sync"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Visible makes goroutine labels appear in runtime.Stack
// (GODEBUG=tracebacklabels=1, Go 1.26) and reports whether they do.
//
// The runtime rereads GODEBUG whenever os.Setenv changes it, and
// tracebacklabels is one of the settings it applies at run time, so the
// detector turns it on itself. A user who set tracebacklabels=0 on purpose
// keeps it; checks then fall back to comparing snapshots, which is not safe
// for parallel tests. The setting is rechecked on every check because a
// test's t.Setenv("GODEBUG", ...) restores the old value when it ends.
func Visible() bool {
	godebugMu.Lock()
	defer godebugMu.Unlock()
	godebug := os.Getenv("GODEBUG")
	switch godebugValue(godebug, "tracebacklabels") {
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
	if godebug != probedGodebug {
		probedGodebug = godebug
		probeResult = probe()
	}
	return probeResult
}

var (
	godebugMu     sync.Mutex
	probedGodebug string // guarded by godebugMu
	probeResult   bool   // guarded by godebugMu
)

// godebugValue returns the last value of key in a GODEBUG string,
// the one the runtime applies.
func godebugValue(godebug, key string) string {
	value := ""
	for _, kv := range strings.Split(godebug, ",") {
		if k, v, ok := strings.Cut(strings.TrimSpace(kv), "="); ok && k == key {
			value = v
		}
	}
	return value
}

// probe confirms that this runtime prints labels, rather
// than trusting the setting: an older or patched runtime may ignore it.
func probe() bool {
	// On a goroutine of its own: pprof.Do ends by setting the labels of the
	// context it was given, which would wipe the caller's.
	visible := make(chan bool)
	go pprof.Do(context.Background(), pprof.Labels("leaklint.probe", "1"), func(context.Context) {
		self, ok := ReadSelf()
		_, found := stack.Label([]byte(self.Labels), "leaklint.probe")
		visible <- ok && found
	})
	return <-visible
}

// Context returns a context carrying the calling goroutine's
// current labels. pprof.Do(ctx, ...) and SetGoroutineLabels(ctx) replace a
// goroutine's labels by ctx's, so they need it to keep the user's labels
// (and an enclosing check's) instead of dropping them.
func Context(self Self) context.Context {
	ctx := context.Background()
	if self.Labels != "" {
		ctx = pprof.WithLabels(ctx, pprof.Labels(Pairs(self.Labels)...))
	}
	return ctx
}

// Self is what the detector needs to know of the goroutine
// it runs on.
type Self struct {
	ID     uint64
	Labels string // raw label text, as in stack.Goroutine.Labels
}

// ReadSelf reads the calling goroutine's ID and labels from its own
// stack header. One goroutine's stack is cheap to print (about a
// microsecond), unlike a dump of all of them.
func ReadSelf() (Self, bool) {
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
			return Self{}, false
		}
		return Self{ID: g.ID, Labels: string(g.Labels)}, true
	}
	return Self{}, false
}

// Pairs decodes raw label text into pprof.Labels arguments.
func Pairs(raw string) []string {
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

// Current returns the value of the label key the calling goroutine
// carries, or "".
func Current(key string) string {
	self, ok := ReadSelf()
	if !ok {
		return ""
	}
	v, _ := stack.Label([]byte(self.Labels), key)
	return string(v)
}
