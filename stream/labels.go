package stream

import (
	"context"
	"runtime/pprof"
	"sync"
	"unsafe"
)

// OriginLabel is the pprof label that every goroutine started by this
// package carries: the "file:line" of the user's call that created the
// stream value. The runtime detector reports a leaked goroutine at that
// place instead of somewhere inside this package.
const OriginLabel = "leaklint.origin"

// runtime_getProfLabel returns the current goroutine's labels. The runtime
// keeps it reachable through linkname on purpose (go.dev/issue/67401).
//
//go:linkname runtime_getProfLabel runtime/pprof.runtime_getProfLabel
func runtime_getProfLabel() unsafe.Pointer

// goroutineLabelSet mirrors the runtime's representation of a goroutine's
// labels (runtime/pprof.labelMap, an internal/runtime/pprof/label.Set).
// labelLayoutOK confirms the mirror at first use; if the runtime ever
// changes it, labelWithOrigin leaves the labels alone instead of reading
// garbage.
type goroutineLabelSet struct {
	List []struct{ Key, Value string }
}

var labelLayoutOK = sync.OnceValue(func() bool {
	done := make(chan bool)
	// A fresh goroutine, so that the probe leaves no label behind.
	go func() {
		pprof.SetGoroutineLabels(pprof.WithLabels(context.Background(), pprof.Labels("leaklint.probe", "ok")))
		got := appendLabels(nil)
		done <- len(got) == 2 && got[0] == "leaklint.probe" && got[1] == "ok"
	}()
	return <-done
})

// appendLabels appends the current goroutine's labels, as key, value
// pairs, to kv.
func appendLabels(kv []string) []string {
	p := (*goroutineLabelSet)(runtime_getProfLabel())
	if p == nil {
		return kv
	}
	for _, l := range p.List {
		kv = append(kv, l.Key, l.Value)
	}
	return kv
}

// labelWithOrigin adds OriginLabel to the current goroutine's labels. It
// must run first thing in a goroutine this package starts.
//
// pprof.Do would replace the labels the goroutine inherited (those of the
// user's goroutine, through which the runtime detector attributes it to a
// test) by those of ctx, so the inherited ones are merged in. When they
// cannot be read, the goroutine keeps them and goes without an origin:
// losing the test attribution would hide the leak altogether.
func labelWithOrigin(ctx context.Context, o origin) {
	where := o.String()
	if where == "" || !labelLayoutOK() {
		return
	}
	// One merge: ctx's labels, overridden by the inherited ones, then the
	// origin. Room for the usual case of a test label and an origin.
	kv := appendLabels(make([]string, 0, 6))
	kv = append(kv, OriginLabel, where)
	pprof.SetGoroutineLabels(pprof.WithLabels(ctx, pprof.Labels(kv...)))
}
