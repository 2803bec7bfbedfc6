// Package track is the meeting point between the stream primitives and the
// runtime leak detector: stream reports every must-release resource it
// creates and releases, and the runtime package, while it verifies a test,
// listens and reports the ones that were never released.
//
// The stream package must stay cheap when nobody listens, so Created is a
// single atomic load in that case and returns nil.
package track

import (
	"sync"
	"sync/atomic"
)

// Resource is one tracked acquisition of a must-release value.
type Resource struct {
	Kind   string // for example "StreamingContext"
	Origin string // creator's file:line, empty when unknown
	ID     uint64

	released atomic.Bool
	listener *listener
}

// Released reports whether Release was called.
func (r *Resource) Released() bool { return r != nil && r.released.Load() }

// Release marks r released. It is safe on a nil Resource and idempotent.
func (r *Resource) Release() {
	if r == nil || r.released.Swap(true) {
		return
	}
	if l := r.listener; l != nil && l.onRelease != nil {
		l.onRelease(r)
	}
}

type listener struct {
	onCreate  func(*Resource)
	onRelease func(*Resource)
}

var (
	mu        sync.Mutex
	active    atomic.Pointer[listener]
	nextID    atomic.Uint64
	listeners []*listener
)

// Created records that a resource of kind was created at origin. It returns
// nil, at the cost of one atomic load, when nobody listens.
func Created(kind, origin string) *Resource {
	l := active.Load()
	if l == nil {
		return nil
	}
	r := &Resource{Kind: kind, Origin: origin, ID: nextID.Add(1), listener: l}
	l.onCreate(r)
	return r
}

// Enabled reports whether anybody listens, so that callers can skip work
// (such as computing an origin) whose only use is tracking.
func Enabled() bool { return active.Load() != nil }

// Listen installs callbacks for every resource created from now on until the
// returned function is called. Listeners nest: each Listen fans out to all
// listeners installed and not yet removed.
func Listen(onCreate, onRelease func(*Resource)) (stop func()) {
	l := &listener{onCreate: onCreate, onRelease: onRelease}
	mu.Lock()
	listeners = append(listeners, l)
	publish()
	mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			for i, x := range listeners {
				if x == l {
					listeners = append(listeners[:i], listeners[i+1:]...)
					break
				}
			}
			publish()
			mu.Unlock()
		})
	}
}

// publish installs a fan-out listener over the current set. mu is held.
func publish() {
	switch len(listeners) {
	case 0:
		active.Store(nil)
	case 1:
		active.Store(listeners[0])
	default:
		ls := append([]*listener(nil), listeners...)
		active.Store(&listener{
			onCreate: func(r *Resource) {
				for _, l := range ls {
					l.onCreate(r)
				}
			},
			onRelease: func(r *Resource) {
				for _, l := range ls {
					if l.onRelease != nil {
						l.onRelease(r)
					}
				}
			},
		})
	}
}
