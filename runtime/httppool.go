package leak

import (
	"bytes"
	"math"
	"net/http"
	"reflect"
	goruntime "runtime"
	"runtime/debug"
	"strconv"
	"sync"
	"time"
	"unsafe"
	"weak"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// A keep-alive connection idle in an HTTP transport's pool is the pool's
// (see detectorHTTPPoolEntries) as long as the transport is: a transport
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
// idle connections carrying the check's label are left at the end.

// detectorPersistConnT is the offset of persistConn.t, found through the
// type of http.Transport's idle pool; ok is false when net/http's layout
// is not the expected one, which turns the check off rather than misread
// memory.
var detectorPersistConnT = sync.OnceValues(func() (off uintptr, ok bool) {
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

const detectorReadLoop = "net/http.(*persistConn).readLoop"

// detectorReadLoopConn returns the *persistConn address an idle read loop
// runs for, from its frame's argument; ok is false when the runtime marks
// the value uncertain ("0x...?") or the frame is missing.
func detectorReadLoopConn(g *stack.Goroutine) (uintptr, bool) {
	i := bytes.Index(g.Frames, []byte(detectorReadLoop+"("))
	if i < 0 {
		return 0, false
	}
	arg := g.Frames[i+len(detectorReadLoop)+1:]
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

// detectorIdleConn is an idle pooled connection the check's code opened.
type detectorIdleConn struct {
	id        uint64
	conn      uintptr
	transport uintptr
	group     LeakedGoroutines
}

// droppedTransports reports the idle connections, in dump, of transports
// that nothing but their connections holds any more. It returns nil at
// once unless the check saw such connections (s.sawIdleConn).
func (s *detectorSession) droppedTransports(dump []byte) []LeakedGoroutines {
	if !s.sawIdleConn {
		return nil
	}
	s.sawIdleConn = false
	off, ok := detectorPersistConnT()
	if !ok {
		return nil
	}
	var conns []detectorIdleConn
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if string(detectorEntry(&g)) != detectorReadLoop || !detectorPooledHTTP(&g) || !s.mine(&g) {
			continue
		}
		if conn, ok := detectorReadLoopConn(&g); ok {
			group := detectorDescribe(&g)
			group.advice = "this idle keep-alive connection belongs to an http.Transport made during the check and dropped: call its CloseIdleConnections when done with it (or reuse a transport that outlives the test)"
			conns = append(conns, detectorIdleConn{id: g.ID, conn: conn, group: group})
		}
	}
	if len(conns) == 0 {
		return nil
	}
	transports := detectorPinTransports(conns, off)
	if len(transports) == 0 {
		return nil
	}
	var dropped []LeakedGoroutines
	for addr, wp := range transports {
		if !detectorAwaitClosed(conns, addr) {
			continue
		}
		goruntime.GC()
		goruntime.GC()
		if wp.Value() != nil {
			continue // still held: a pool that outlives the check
		}
		for _, c := range conns {
			if c.transport == addr {
				dropped = append(dropped, c.group)
			}
		}
	}
	return dropped
}

// detectorPinTransports reads each connection's transport and, for those
// other than http.DefaultTransport, closes the idle connections and
// returns a weak pointer to it, keyed by address. The reads are valid
// because each connection's read loop, which holds the connection, is
// seen still running after them; the collector is off meanwhile so that
// the transports, reachable then, are still there when turned into
// pointers.
func detectorPinTransports(conns []detectorIdleConn, off uintptr) map[uintptr]weak.Pointer[http.Transport] {
	percent := debug.SetGCPercent(-1) // waits for a collection in progress
	limit := debug.SetMemoryLimit(math.MaxInt64)
	for i := range conns {
		conns[i].transport = detectorLoadWord(conns[i].conn + off)
	}
	alive := map[uint64]uintptr{}
	d := detectorTakeDump()
	var g stack.Goroutine
	for it := stack.NewDump(d.text); it.Next(&g); {
		if conn, ok := detectorReadLoopConn(&g); ok {
			alive[g.ID] = conn
		}
	}
	d.release()
	held := map[uintptr]*http.Transport{}
	for _, c := range conns {
		if c.transport != 0 && alive[c.id] == c.conn {
			held[c.transport] = (*http.Transport)(detectorPointer(c.transport))
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

// detectorAwaitClosed waits, up to a second, for the read loops of the
// transport's connections to end once their connections are closed.
func detectorAwaitClosed(conns []detectorIdleConn, transport uintptr) bool {
	ids := map[uint64]bool{}
	for _, c := range conns {
		if c.transport == transport {
			ids[c.id] = true
		}
	}
	deadline := time.Now().Add(time.Second)
	for {
		left := 0
		d := detectorTakeDump()
		var g stack.Goroutine
		for it := stack.NewDump(d.text); it.Next(&g); {
			if ids[g.ID] {
				left++
			}
		}
		d.release()
		if left == 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(time.Millisecond)
	}
}

// detectorLoadWord reads the pointer-sized word at addr, an address the
// caller knows to be inside a live object (see detectorPinTransports). It
// is not instrumented: the object was written before its goroutine
// started, and a read of it is no race the detector can see.
//
//go:norace
//go:nocheckptr
func detectorLoadWord(addr uintptr) uintptr {
	return *(*uintptr)(detectorPointer(addr))
}

// detectorPointer turns an address known to be that of a live object
// into a pointer.
//
//go:nocheckptr
func detectorPointer(addr uintptr) unsafe.Pointer {
	return *(*unsafe.Pointer)(unsafe.Pointer(&addr))
}
