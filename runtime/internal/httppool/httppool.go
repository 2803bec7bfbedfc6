// Package httppool tells the goroutines of an HTTP client connection kept
// in a transport's pool (net/http's persistConn read and write loops)
// from those of a connection still serving a response, and finds the
// transports a check made and dropped with idle connections.
//
// A keep-alive connection idle in an HTTP transport's pool is the pool's
// (see Idle) as long as the transport is: a transport
// that outlives the check (http.DefaultTransport, one the test keeps or
// closes in a cleanup) keeps it for the next request. A transport the
// check's code made and dropped keeps its idle connections, and their two
// goroutines each, until the server closes them, which may be never: that
// is the test's leak, fixed by calling CloseIdleConnections.
//
// The stack shows the connection (the read loop's receiver) but not its
// transport, so the check reads the connection's transport field, at the
// offset reflect gives for net/http's persistConn.t, and then asks the
// collector whether anything but the connections still holds the
// transport: it closes the transport's idle connections (harmless to a
// transport in use: the next request dials again), lets their goroutines
// end, collects garbage and looks at a weak pointer. This runs only when
// idle connections of the check's are left at the end.
package httppool

import (
	"bytes"
	"cmp"
	"maps"
	"math"
	"net/http"
	"reflect"
	goruntime "runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"sync"
	"time"
	"unsafe"
	"weak"

	"github.com/leaklint/leaklint/runtime/internal/frames"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// poolEntries run an HTTP client connection kept in a transport's pool.
// While the connection is idle its read loop waits on the network ("IO
// wait") and its write loop for the next request: the pool's. A read loop
// in any other state is serving a response, and one whose body is never
// closed waits in a select for the body to be read: that connection is
// the test's leak, and its read loop stands for it in a report (the write
// loop ends with it).
//
// An HTTP/2 connection has one read loop, which waits on the network
// whether or not a stream is open. Go 1.26 bundles HTTP/2 into net/http
// (http2ClientConn); Go 1.27 moved it to net/http/internal/http2.
var poolEntries = []string{
	readLoop,
	"net/http.(*persistConn).writeLoop",
	"net/http.(*http2ClientConn).readLoop",
	"net/http/internal/http2.(*ClientConn).readLoop",
}

// Idle reports whether g is a goroutine of an HTTP client connection idle
// in its pool (see poolEntries).
func Idle(g *stack.Goroutine) bool {
	switch string(frames.Package(g.CreatedBy.Func)) {
	case "net/http", "net/http/internal/http2":
	default:
		return false
	}
	switch string(frames.Entry(g)) {
	case poolEntries[1]:
		return true
	case poolEntries[0], poolEntries[2], poolEntries[3]:
		return string(g.State) == "IO wait"
	}
	return false
}

// IdleServerConn reports whether g is the server's side of an idle
// keep-alive connection: net/http's conn.serve, started by Server.Serve,
// waiting on the network for the first bytes of the next request
// (bufio.Reader.Peek called from conn.serve). It belongs to its server as
// long as the server runs, as an idle client connection belongs to its
// pool. It does not allocate.
func IdleServerConn(g *stack.Goroutine) bool {
	if string(g.State) != "IO wait" || string(g.CreatedBy.Func) != "net/http.(*Server).Serve" ||
		string(frames.Entry(g)) != "net/http.(*conn).serve" {
		return false
	}
	peek := false
	var f stack.Frame
	for it := stack.NewFrames(g); it.Next(&f); {
		if peek {
			return string(f.Func) == "net/http.(*conn).serve"
		}
		peek = string(f.Func) == "bufio.(*Reader).Peek"
	}
	return false
}

// Advice is the fix to suggest for a goroutine of an HTTP client
// connection that is not idle, "" for any other goroutine.
func Advice(g *stack.Goroutine) string {
	if string(frames.Entry(g)) == readLoop && !Idle(g) {
		return "close the response body (defer resp.Body.Close()): until it is read to the end or closed, the connection's goroutines wait for it"
	}
	return ""
}

// DroppedAdvice is the fix to suggest for the idle connection of a
// dropped transport.
const DroppedAdvice = "this idle keep-alive connection belongs to an http.Transport made during the check and dropped: call its CloseIdleConnections when done with it (or reuse a transport that outlives the test)"

// IdleReadLoop reports whether g is the read loop of an idle pooled
// connection, and the connection's address.
func IdleReadLoop(g *stack.Goroutine) (conn uintptr, ok bool) {
	if string(frames.Entry(g)) != readLoop || !Idle(g) {
		return 0, false
	}
	return readLoopConn(g)
}

// Dump takes a dump of every goroutine; release returns its buffer.
type Dump func() (text []byte, release func())

// Dropped returns, of the idle read loops given (goroutine ID to
// connection address), those whose transport nothing but its connections
// holds any more. It closes the idle connections of every transport it
// looks at other than http.DefaultTransport, which is harmless to one in
// use: its next request dials again.
func Dropped(conns map[uint64]uintptr, dump Dump) []uint64 {
	off, ok := persistConnT()
	if !ok || len(conns) == 0 {
		return nil
	}
	var idle []idleConn
	for id, conn := range conns {
		idle = append(idle, idleConn{id: id, conn: conn})
	}
	slices.SortFunc(idle, func(a, b idleConn) int { return cmp.Compare(a.id, b.id) })
	var dropped []uint64
	pinned := pinTransports(idle, off, dump)
	addrs := slices.Sorted(maps.Keys(pinned))
	for _, addr := range addrs {
		wp := pinned[addr]
		if !awaitClosed(idle, addr, dump) {
			continue
		}
		goruntime.GC()
		goruntime.GC()
		if wp.Value() != nil {
			continue // still held: a pool that outlives the check
		}
		for _, c := range idle {
			if c.transport == addr {
				dropped = append(dropped, c.id)
			}
		}
	}
	return dropped
}

// persistConnT is the offset of persistConn.t, found through the
// type of http.Transport's idle pool; ok is false when net/http's layout
// is not the expected one, which turns the check off rather than misread
// memory.
var persistConnT = sync.OnceValues(func() (off uintptr, ok bool) {
	f, ok := reflect.TypeFor[http.Transport]().FieldByName("idleConn")
	if !ok {
		return 0, false
	}
	m := f.Type // map[connectMethodKey][]*persistConn
	if m.Kind() != reflect.Map || m.Elem().Kind() != reflect.Slice || m.Elem().Elem().Kind() != reflect.Pointer {
		return 0, false
	}
	pc := m.Elem().Elem().Elem()
	if pc.Kind() != reflect.Struct || pc.Name() != "persistConn" {
		return 0, false
	}
	t, ok := pc.FieldByName("t")
	if !ok || t.Type != reflect.TypeFor[*http.Transport]() {
		return 0, false
	}
	return t.Offset, true
})

const readLoop = "net/http.(*persistConn).readLoop"

// readLoopConn returns the *persistConn address an idle read loop
// runs for, from its frame's argument; ok is false when the runtime marks
// the value uncertain ("0x...?") or the frame is missing.
func readLoopConn(g *stack.Goroutine) (uintptr, bool) {
	i := bytes.Index(g.Frames, []byte(readLoop+"("))
	if i < 0 {
		return 0, false
	}
	arg := g.Frames[i+len(readLoop)+1:]
	end := bytes.IndexByte(arg, ')')
	if end < 0 {
		return 0, false
	}
	v, err := strconv.ParseUint(string(arg[:end]), 0, 64)
	if err != nil || v == 0 {
		return 0, false
	}
	return uintptr(v), true
}

// idleConn is an idle pooled connection the check's code opened.
type idleConn struct {
	id        uint64
	conn      uintptr
	transport uintptr
}

// pinTransports reads each connection's transport and, for those
// other than http.DefaultTransport, closes the idle connections and
// returns a weak pointer to it, keyed by address. The reads are valid
// because each connection's read loop, which holds the connection, is
// seen still running after them; the collector is off meanwhile so that
// the transports, reachable then, are still there when turned into
// pointers.
func pinTransports(conns []idleConn, off uintptr, dump Dump) map[uintptr]weak.Pointer[http.Transport] {
	percent := debug.SetGCPercent(-1) // waits for a collection in progress
	limit := debug.SetMemoryLimit(math.MaxInt64)
	for i := range conns {
		conns[i].transport = loadWord(conns[i].conn + off)
	}
	alive := map[uint64]uintptr{}
	text, release := dump()
	var g stack.Goroutine
	for it := stack.NewDump(text); it.Next(&g); {
		if conn, ok := readLoopConn(&g); ok {
			alive[g.ID] = conn
		}
	}
	release()
	held := map[uintptr]*http.Transport{}
	for _, c := range conns {
		if c.transport != 0 && alive[c.id] == c.conn {
			held[c.transport] = (*http.Transport)(pointer(c.transport))
		}
	}
	debug.SetMemoryLimit(limit)
	debug.SetGCPercent(percent)

	def, _ := http.DefaultTransport.(*http.Transport)
	out := map[uintptr]weak.Pointer[http.Transport]{}
	for addr, t := range held {
		if t == def {
			continue
		}
		out[addr] = weak.Make(t)
		t.CloseIdleConnections()
	}
	return out
}

// awaitClosed waits, up to a second, for the read loops of the
// transport's connections to end once their connections are closed.
func awaitClosed(conns []idleConn, transport uintptr, dump Dump) bool {
	ids := map[uint64]bool{}
	for _, c := range conns {
		if c.transport == transport {
			ids[c.id] = true
		}
	}
	deadline := time.Now().Add(time.Second)
	for {
		left := 0
		text, release := dump()
		var g stack.Goroutine
		for it := stack.NewDump(text); it.Next(&g); {
			if ids[g.ID] {
				left++
			}
		}
		release()
		if left == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}

// loadWord reads the pointer-sized word at addr, an address the
// caller knows to be inside a live object (see pinTransports). It
// is not instrumented: the object was written before its goroutine
// started, and a read of it is no race the detector can see.
//
//go:norace
//go:nocheckptr
func loadWord(addr uintptr) uintptr {
	return *(*uintptr)(pointer(addr))
}

// pointer turns an address known to be that of a live object
// into a pointer.
//
//go:nocheckptr
func pointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}
