// Package heldoutblostsend holds the shapes reviewed on syncthing's
// lib/ignore (held-out corpus b): a constructor starts its cleaning
// goroutine only when an option asked for a cache, so a caller that never
// calls Stop leaks it only when it passed that option, which the
// constructor's fact cannot say.
package heldoutblostsend

import (
	"errors"
	"time"
)

type Matcher struct {
	withCache bool
	stop      chan struct{}
}

type Option func(*Matcher)

func WithCache(v bool) Option { return func(m *Matcher) { m.withCache = v } }

// New starts clean only when an option set withCache: a call passing no
// option starts nothing.
func New(opts ...Option) *Matcher { // want New:`returns a value whose goroutine is released by Stop, when an option asks for it`
	m := &Matcher{stop: make(chan struct{})}
	for _, o := range opts {
		o(m)
	}
	if m.withCache {
		go m.clean(time.Hour)
	}
	return m
}

func (m *Matcher) clean(d time.Duration) {
	t := time.NewTimer(d)
	for {
		select {
		case <-m.stop:
			return
		case <-t.C:
			t.Reset(d)
		}
	}
}

func (m *Matcher) Stop() { close(m.stop) }

func (m *Matcher) Match(string) bool { return false }

func useNew() bool {
	m := New()
	return m.Match("x")
}

// With the option, the goroutine runs and only Stop ends it.
func useNewCached() bool {
	m := New(WithCache(true)) // want `goroutine may block forever: New returns a Matcher whose goroutine only Matcher.Stop releases`
	return m.Match("x")
}

// Maybe starts clean under a flag its caller passes in: not an option,
// so not a lifecycle the caller can be held to.
func Maybe(cache bool, opts ...Option) *Matcher {
	m := &Matcher{stop: make(chan struct{}), withCache: cache}
	if m.withCache {
		go m.clean(time.Hour)
	}
	return m
}

func useMaybe() bool {
	m := Maybe(true)
	return m.Match("x")
}

// Watcher's constructor starts its loop on every path that succeeds: the
// failed path returns an error and nothing to stop.
type Watcher struct{ stop chan struct{} }

func NewWatcher(name string) (*Watcher, error) { // want NewWatcher:`returns a value whose goroutine is released by Stop`
	if name == "" {
		return nil, errors.New("no name")
	}
	w := &Watcher{stop: make(chan struct{})}
	go w.loop()
	return w, nil
}

func (w *Watcher) loop() {
	<-w.stop
}

func (w *Watcher) Stop() { close(w.stop) }

func (w *Watcher) Name() string { return "" }

func useWatcher() string {
	w, err := NewWatcher("a")
	if err != nil {
		return ""
	}
	return w.Name()
}

// NewCleaner starts clean on every path: its callers must call Stop.
func NewCleaner() *Matcher { // want NewCleaner:`returns a value whose goroutine is released by Stop`
	m := &Matcher{stop: make(chan struct{})}
	go m.clean(time.Hour)
	return m
}

func useCleaner() bool {
	m := NewCleaner() // want `goroutine may block forever: NewCleaner returns a Matcher whose goroutine only Matcher.Stop releases`
	return m.Match("x")
}
