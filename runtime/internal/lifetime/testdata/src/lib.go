package lib

import "sync"

var once, other sync.Once

func doClosure() {
	once.Do(func() {
		go work() // line 9: once
	})
}

func named() { go work() } // line 13: once, only handed to a Once

func useNamed() { other.Do(named) }

func plain() { go work() } // line 17: every call

func callsPlain() { plain() }

var lazy = sync.OnceFunc(func() {
	go work() // line 22: once
})

var everyCall = func() {
	go work() // line 26: every call
}

func init() {
	go work() // line 30: once
}

func immediately() {
	func() {
		go work() // line 35: every call of immediately
	}()
}

func work() {}
