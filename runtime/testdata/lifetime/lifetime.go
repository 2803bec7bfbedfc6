// Package lifetime is a library with lazy singletons for the runtime
// package's tests: each starts a background goroutine the first time it
// is used, and keeps it for the life of the process.
package lifetime

import "sync"

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

// onceFunc is a package-level initialiser reached on first use.
var onceFunc = sync.OnceFunc(func() {
	go wait(release)
})

// Reset ends the goroutines started so far and arms the singletons
// again, so that a test run with -count=N sees a first use each time. It
// must not run concurrently with the other functions.
func Reset() {
	close(release)
	release = make(chan struct{})
	onceDo, onceNamed = sync.Once{}, sync.Once{}
	onceFunc = sync.OnceFunc(func() {
		go wait(release)
	})
}

// OnceFunc starts its goroutine through sync.OnceFunc.
func OnceFunc() { onceFunc() }

// NotOnce starts a goroutine on every call: a plain leak.
func NotOnce() { go wait(release) }
