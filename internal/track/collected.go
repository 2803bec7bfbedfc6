package track

import (
	"slices"
	"sync"
)

// Collected describes a must-release value that the garbage collector found
// unreachable while it was still open: it was dropped without Close.
type Collected struct {
	Kind   string // for example "StreamingContext"
	Origin string // creator's "file:line", or "" when unknown
}

var (
	collectedMu        sync.Mutex
	collectedListeners []*func(Collected)
)

// OnCollected calls fn for every value reported through ReportCollected
// until stop is called. fn runs on the runtime's cleanup goroutine, so it
// must not block for long; hand the report to another goroutine if it does
// real work. Listeners are independent: each one receives every report.
func OnCollected(fn func(Collected)) (stop func()) {
	if fn == nil {
		panic("track: OnCollected called with a nil function")
	}
	l := &fn
	collectedMu.Lock()
	collectedListeners = append(collectedListeners, l)
	collectedMu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			collectedMu.Lock()
			defer collectedMu.Unlock()
			for i, x := range collectedListeners {
				if x == l {
					collectedListeners = append(collectedListeners[:i:i], collectedListeners[i+1:]...)
					return
				}
			}
		})
	}
}

// ReportCollected hands c to every listener installed by OnCollected. With
// no listener it does nothing.
func ReportCollected(c Collected) {
	collectedMu.Lock()
	// Copy so that a listener may call stop (or OnCollected) without
	// deadlocking and without disturbing this iteration.
	ls := slices.Clone(collectedListeners)
	collectedMu.Unlock()
	for _, l := range ls {
		(*l)(c)
	}
}
