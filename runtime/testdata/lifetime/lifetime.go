// Package lifetime is a library with lazy singletons for the runtime
// package's tests: each starts a background goroutine the first time it
// is used, and keeps it for the life of the process.
package lifetime

import (
	"sync"
	"sync/atomic"
)

var (
	onceDo    sync.Once
	onceNamed sync.Once
	release   = make(chan struct{})
)

// OnceDo starts its goroutine inside a once.Do closure.
func OnceDo() {
	onceDo.Do(func() {
		ch := release
		go func() { <-ch }()
	})
}

// OnceNamed starts its goroutine in a function only ever run by a Once.
func OnceNamed() { onceNamed.Do(startNamed) }

func startNamed() { go wait(release) }

func wait(ch chan struct{}) { <-ch }

// onceFunc is a package-level initialiser reached on first use. Unlike
// the Once variables, it cannot be armed again: OnceFuncStarted says
// whether it already ran in this process.
var onceFunc = sync.OnceFunc(func() {
	onceFuncStarted.Store(true)
	go wait(make(chan struct{}))
})

var onceFuncStarted atomic.Bool

// OnceFunc starts its goroutine through sync.OnceFunc.
func OnceFunc() { onceFunc() }

// OnceFuncStarted reports whether OnceFunc's goroutine was started.
func OnceFuncStarted() bool { return onceFuncStarted.Load() }

// Reset ends the goroutines OnceDo and OnceNamed started and arms them
// again, so that a test run with -count=N sees a first use each time. It
// must not run concurrently with the other functions.
func Reset() {
	close(release)
	release = make(chan struct{})
	onceDo, onceNamed = sync.Once{}, sync.Once{}
}

// PerValue starts a goroutine once per Client: an ordinary leak when the
// Client is dropped unclosed, not a process-lifetime one.
type Client struct{ start sync.Once }

// Use starts the Client's goroutine on first use.
func (c *Client) Use() {
	c.start.Do(func() {
		ch := release
		go func() { <-ch }()
	})
}

// NotOnce starts a goroutine on every call: a plain leak.
func NotOnce() { go wait(release) }
