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

// detectorLabelOwners maps a check's label value to the name of its test,
// so that a VerifyTestMain report can name the test that started a
// labelled goroutine. One short entry per named check.
var detectorLabelOwners sync.Map // string -> string

// detectorNameLabel records that label is test's.
func detectorNameLabel(label, test string) {
	if label != "" && test != "" {
		detectorLabelOwners.Store(label, test)
	}
}

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

// detectorAttribution is what a labelled check keeps to attribute the
// goroutines that carry no test label: those started during the check by
// a timer (time.AfterFunc callbacks) or by the runtime, which do not
// inherit labels.
type detectorAttribution struct {
	// baseline are the unlabelled goroutines running when the check
	// began: never the check's.
	baseline map[uint64]bool
	// adopted are unlabelled goroutines started during the check, and
	// those they started, seen so far.
	adopted map[uint64]bool
	// lifetime caches detectorProcessLifetime per goroutine.
	lifetime map[uint64]bool
	// overlapped is set once another labelled check has run at the same
	// time: unlabelled goroutines can no longer be told apart.
	overlapped atomic.Bool
}

// detectorActive are the labelled checks running now.
var detectorActive struct {
	mu       sync.Mutex
	sessions map[*detectorSession]bool
}

// detectorUnattributedReported are the unlabelled goroutines some check
// already reported as unattributed: reported once, not by every check
// that overlapped them. Goroutine IDs are never reused.
var detectorUnattributedReported sync.Map // uint64 -> the reporting check's label

// beginAttribution records the unlabelled goroutines running now, and
// marks the checks that overlap. It returns the function that ends the
// check's attribution.
func (s *detectorSession) beginAttribution() (end func()) {
	s.attribution.adopted = map[uint64]bool{}
	s.attribution.baseline = map[uint64]bool{}
	d := detectorTakeDump()
	var g stack.Goroutine
	for it := stack.NewDump(d.text); it.Next(&g); {
		if _, ok := stack.Label(g.Labels, TestLabel); !ok {
			s.attribution.baseline[g.ID] = true
		}
	}
	d.release()
	a := &detectorActive
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.sessions == nil {
		a.sessions = map[*detectorSession]bool{}
	}
	for other := range a.sessions {
		other.attribution.overlapped.Store(true)
		s.attribution.overlapped.Store(true)
	}
	a.sessions[s] = true
	return func() {
		a.mu.Lock()
		defer a.mu.Unlock()
		delete(a.sessions, s)
	}
}

// detectorClass is how a check sees one goroutine.
type detectorClass uint8

const (
	detectorNotOwned detectorClass = iota
	detectorOwned
	detectorOwnedUnattributed
	detectorOwnedProcessLifetime
)

// classify decides whether g is the check's and, when detail is set, how
// to report it; skip and WithIgnoreCurrent are applied by owns. Without
// detail a process-lifetime goroutine may come back as detectorOwned: the
// source is read only for the report, or when WithIgnoreProcessLifetime
// makes it decide ownership. Apart from the first sight of an unlabelled
// goroutine, it does not allocate.
func (s *detectorSession) classify(g *stack.Goroutine, detail bool) detectorClass {
	if !s.mine(g) {
		return detectorNotOwned
	}
	if detectorPooledHTTP(g) {
		// The pool's, unless its transport was dropped: decided once, at
		// the end (droppedTransports).
		s.sawIdleConn = true
		return detectorNotOwned
	}
	if (detail || s.cfg.ignoreProcessLifetime) && s.processLifetime(g) {
		if s.cfg.ignoreProcessLifetime {
			return detectorNotOwned
		}
		return detectorOwnedProcessLifetime
	}
	if s.label != "" && s.attribution.adopted[g.ID] && s.attribution.overlapped.Load() {
		// The first overlapping check to see it reports it.
		if owner, _ := detectorUnattributedReported.LoadOrStore(g.ID, s.label); owner.(string) != s.label {
			return detectorNotOwned
		}
		return detectorOwnedUnattributed
	}
	return detectorOwned
}

// mine reports whether g was started by the check's code: it carries the
// check's label (or, in snapshot mode, is new), or it is an unlabelled
// goroutine the check adopts; and no exclusion covers it.
func (s *detectorSession) mine(g *stack.Goroutine) bool {
	switch {
	case s.label == "":
		if s.before[g.ID] {
			return false
		}
	default:
		v, labelled := stack.Label(g.Labels, TestLabel)
		if labelled && string(v) != s.label {
			return false
		}
		if !labelled && !s.adopt(g) {
			return false
		}
	}
	return !s.excluded(g)
}

// adopt reports whether an unlabelled goroutine was started during the
// check by a timer or the runtime, or by such a goroutine: goroutines
// the user's code starts inherit its label, so these are the only
// unlabelled ones the check's work can have started. A goroutine started
// by unlabelled user code (another test's, a worker that existed before)
// is not the check's.
func (s *detectorSession) adopt(g *stack.Goroutine) bool {
	a := &s.attribution
	if a.adopted == nil || a.baseline[g.ID] {
		return false
	}
	if a.adopted[g.ID] {
		return true
	}
	creator := g.CreatedBy.Func
	if string(creator) == "time.goFunc" || string(detectorFuncPackage(creator)) == "runtime" || a.adopted[g.CreatorID] {
		a.adopted[g.ID] = true
		return true
	}
	return false
}

// detectorHTTPPoolEntries run an HTTP client connection kept in a
// transport's pool. While the connection is idle its read loop waits on
// the network ("IO wait") and its write loop for the next request: the
// pool's, which outlives the check (http.DefaultTransport, a transport
// made before the check). A read loop in any other state is serving a
// response, and one whose body is never closed waits in a select for the
// body to be read: that connection is the test's leak, and its read loop
// stands for it in the report (the write loop ends with it).
var detectorHTTPPoolEntries = []string{
	"net/http.(*persistConn).readLoop",
	"net/http.(*persistConn).writeLoop",
	"net/http.(*http2ClientConn).readLoop",
}

// detectorPooledHTTP reports whether g is a goroutine of an HTTP client
// connection that is not the test's leak (see detectorHTTPPoolEntries).
func detectorPooledHTTP(g *stack.Goroutine) bool {
	if string(detectorFuncPackage(g.CreatedBy.Func)) != "net/http" {
		return false
	}
	entry := detectorEntry(g)
	switch string(entry) {
	case detectorHTTPPoolEntries[1]:
		return true
	case detectorHTTPPoolEntries[0], detectorHTTPPoolEntries[2]:
		return string(g.State) == "IO wait"
	}
	return false
}

// detectorHTTPAdvice is the fix to suggest for a goroutine of an HTTP
// client connection that is the test's.
func detectorHTTPAdvice(g *stack.Goroutine) string {
	if string(detectorEntry(g)) == detectorHTTPPoolEntries[0] {
		return "close the response body (defer resp.Body.Close()): until it is read to the end or closed, the connection's goroutines wait for it"
	}
	return ""
}

// processLifetime is detectorProcessLifetime, remembered per goroutine so
// that each dump costs a map lookup.
func (s *detectorSession) processLifetime(g *stack.Goroutine) bool {
	a := &s.attribution
	if v, ok := a.lifetime[g.ID]; ok {
		return v
	}
	v := detectorProcessLifetime(g)
	if a.lifetime == nil {
		a.lifetime = map[uint64]bool{}
	}
	a.lifetime[g.ID] = v
	return v
}
