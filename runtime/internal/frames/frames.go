// Package frames reads the function names of a parsed goroutine stack as
// the runtime prints them: the function a goroutine runs, the package a
// function belongs to, and names that stand for a function's closures.
package frames

import (
	"bytes"
	"strings"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Entry is the function g runs: its outermost frame.
func Entry(g *stack.Goroutine) []byte {
	var f, last stack.Frame
	for it := stack.NewFrames(g); it.Next(&f); {
		last = f
	}
	return last.Func
}

// Matches reports whether fn is name, or, for a name ending in ".func*",
// a function literal inside the function it names (fn is that function
// followed by ".funcN" and possibly more nesting). Closures are numbered
// by the compiler, and the numbers change between Go releases
// (os/signal.Notify.func1.1 in Go 1.26 is Notify.func2.1 in Go 1.27).
func Matches(fn []byte, name string) bool {
	outer, closures := strings.CutSuffix(name, ".func*")
	if !closures {
		return string(fn) == name
	}
	rest, ok := bytes.CutPrefix(fn, []byte(outer))
	if !ok {
		return false
	}
	rest, ok = bytes.CutPrefix(rest, []byte(".func"))
	return ok && len(rest) > 0 && rest[0] >= '0' && rest[0] <= '9'
}

// Package is the import path of a function named as a stack trace prints
// it ("net/http.(*persistConn).readLoop" is in "net/http").
func Package(fn []byte) []byte {
	slash := bytes.LastIndexByte(fn, '/')
	dot := bytes.IndexByte(fn[slash+1:], '.')
	if dot < 0 {
		return fn
	}
	return fn[:slash+1+dot]
}
