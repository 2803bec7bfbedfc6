// Package blame picks the frame of a goroutine's stack that a leak report
// points at: the innermost one in the user's code, or, in a stack of
// standard-library frames only, the most specific one, rather than the
// poller or channel code the goroutine happens to wait in.
package blame

import (
	"bytes"
	"reflect"
	"runtime"
	"strings"
	"sync"

	"github.com/leaklint/leaklint/runtime/internal/frames"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Frame is the frame that says where g is stuck: the innermost one in the
// user's code; in a stack of standard-library frames only, the innermost
// one that is neither plumbing (see Plumbing) nor a callback that
// plumbing calls back into. For an idle HTTP connection that is
// net/http.(*persistConn).readLoop rather than
// internal/poll.runtime_pollWait, or persistConn.Read, which bufio calls.
func Frame(g *stack.Goroutine) stack.Frame {
	var f, innermost, candidate stack.Frame
	have := false
	for it := stack.NewFrames(g); it.Next(&f); {
		if len(innermost.Func) == 0 {
			innermost = f
		}
		if !Std(f.File) {
			return f
		}
		if Plumbing(f.Func) {
			// The candidate below was called by plumbing: a callback such
			// as a Read method, not what the goroutine is doing.
			have = false
			continue
		}
		if !have {
			candidate, have = f, true
		}
	}
	if have {
		return candidate
	}
	return innermost
}

// plumbingPackages do the waiting for others: their frames say how a
// goroutine waits, not what for.
var plumbingPackages = []string{
	"runtime", "sync", "sync/atomic", "time", "context", "io", "bufio", "bytes", "strings",
	"net", "syscall", "os", "reflect", "crypto/tls", "compress/flate", "compress/gzip",
}

// notPlumbing are internal packages of the standard library that do a
// job of their own: Go 1.27's HTTP/2, which Go 1.26 bundled into net/http
// under http2* names.
var notPlumbing = []string{"net/http/internal/http2"}

// Plumbing reports whether fn belongs to a plumbing package, or to any
// other internal or vendored package of the standard library.
func Plumbing(fn []byte) bool {
	pkg := frames.Package(fn)
	for _, p := range notPlumbing {
		if string(pkg) == p {
			return false
		}
	}
	if bytes.HasPrefix(pkg, []byte("internal/")) || bytes.HasPrefix(pkg, []byte("vendor/")) || bytes.Contains(pkg, []byte("/internal/")) {
		return true
	}
	for _, p := range plumbingPackages {
		if string(pkg) == p {
			return true
		}
	}
	return false
}

// Std reports whether a frame's file is in the standard library, so that
// a report can point at the user's code instead.
func Std(file []byte) bool {
	if root := StdRoot(); root != "" {
		return bytes.HasPrefix(file, []byte(root))
	}
	// Built with -trimpath: standard packages print as "fmt/print.go",
	// module code as "example.com/mod/file.go".
	first, _, _ := bytes.Cut(file, []byte("/"))
	return !bytes.Contains(first, []byte("."))
}

// StdRoot is GOROOT/src/ as this binary records it, found from a runtime
// function's file; "" when built with -trimpath.
var StdRoot = sync.OnceValue(func() string {
	f := runtime.FuncForPC(reflect.ValueOf(runtime.NumGoroutine).Pointer())
	if f == nil {
		return ""
	}
	file, _ := f.FileLine(f.Entry())
	if i := strings.LastIndex(file, "/runtime/"); i > 0 {
		return file[:i+1]
	}
	return ""
})
