package httppool

import (
	"io"
	"net/http"
	"net/http/httptest"
	goruntime "runtime"
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func parse(t *testing.T, dump string) *stack.Goroutine {
	t.Helper()
	var g stack.Goroutine
	d := stack.NewDump([]byte(dump))
	if !d.Next(&g) {
		t.Fatal("not parsed")
	}
	return &g
}

const idleReadLoop = `goroutine 9 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	/go/src/runtime/netpoll.go:351 +0x85
bufio.(*Reader).Peek(0xc0000a0000, 0x1)
	/go/src/bufio/bufio.go:152 +0x53
net/http.(*persistConn).readLoop(0xc0001b4000)
	/go/src/net/http/transport.go:2330 +0x172
created by net/http.(*Transport).dialConn in goroutine 24
	/go/src/net/http/transport.go:1994 +0x16ac
`

const bodyReadLoop = `goroutine 29 [select]:
net/http.(*persistConn).readLoop(0xc0001b4640)
	/go/src/net/http/transport.go:2450 +0xc05
created by net/http.(*Transport).dialConn in goroutine 27
	/go/src/net/http/transport.go:1994 +0x16ac
`

const writeLoop = `goroutine 30 [select]:
net/http.(*persistConn).writeLoop(0xc0001b4640)
	/go/src/net/http/transport.go:2652 +0xe6
created by net/http.(*Transport).dialConn in goroutine 27
	/go/src/net/http/transport.go:1995 +0x16fe
`

// HTTP/2 client connections' read loops, idle on the network: Go 1.26
// bundles HTTP/2 into net/http, Go 1.27 has it in net/http/internal/http2.
const (
	idleHTTP2ReadLoop126 = `goroutine 40 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	/go/src/runtime/netpoll.go:351 +0x85
bufio.(*Reader).Read(0xc0000c1620, {0xc000162c74, 0x9, 0x9})
	/go/src/bufio/bufio.go:245 +0x4b8
net/http.http2readFrameHeader({0xc000162c74, 0x9, 0x9}, {0x10b1da0, 0xc0000c1620})
	/go/src/net/http/h2_bundle.go:1802 +0x97
net/http.(*http2clientConnReadLoop).run(0xc00010bfa8)
	/go/src/net/http/h2_bundle.go:9876 +0x1d7
net/http.(*http2ClientConn).readLoop(0xc00013e700)
	/go/src/net/http/h2_bundle.go:9765 +0x79
created by net/http.(*http2Transport).newClientConn in goroutine 39
	/go/src/net/http/h2_bundle.go:8420 +0xc1c
`
	idleHTTP2ReadLoop127 = `goroutine 1214 [IO wait] {leaklint.test: 48}:
internal/poll.runtime_pollWait(0x7fc4613d0800, 0x72)
	/go/src/runtime/netpoll.go:351 +0x85
bufio.(*Reader).Read(0xc0000c1620, {0xc000162c74, 0x9, 0x9})
	/go/src/bufio/bufio.go:245 +0x4b8
net/http/internal/http2.readFrameHeader({0xc000162c74, 0x9, 0x9}, {0x10b1da0, 0xc0000c1620})
	/go/src/net/http/internal/http2/frame.go:252 +0x97
net/http/internal/http2.(*clientConnReadLoop).run(0xc00010bfa8)
	/go/src/net/http/internal/http2/transport.go:2077 +0x1d7
net/http/internal/http2.(*ClientConn).readLoop(0xc00013e700)
	/go/src/net/http/internal/http2/transport.go:1945 +0x79
created by net/http/internal/http2.(*Transport).newClientConn in goroutine 1213
	/go/src/net/http/internal/http2/transport.go:701 +0xc1c
`
)

func TestIdleHTTP2(t *testing.T) {
	for name, dump := range map[string]string{"go1.26": idleHTTP2ReadLoop126, "go1.27": idleHTTP2ReadLoop127} {
		if !Idle(parse(t, dump)) {
			t.Errorf("%s: an HTTP/2 read loop waiting on the network is its pool's", name)
		}
		if Advice(parse(t, dump)) != "" {
			t.Errorf("%s: no body advice for an HTTP/2 read loop", name)
		}
	}
}

func TestIdle(t *testing.T) {
	if !Idle(parse(t, idleReadLoop)) {
		t.Error("a read loop waiting on the network is idle")
	}
	if Idle(parse(t, bodyReadLoop)) {
		t.Error("a read loop waiting for its body to be read is not idle")
	}
	if !Idle(parse(t, writeLoop)) {
		t.Error("a write loop stands with its read loop")
	}
	if Advice(parse(t, bodyReadLoop)) == "" || Advice(parse(t, idleReadLoop)) != "" {
		t.Error("advice is for the busy read loop only")
	}
}

func TestIdleReadLoopConn(t *testing.T) {
	conn, ok := IdleReadLoop(parse(t, idleReadLoop))
	if !ok || conn != 0xc0001b4000 {
		t.Errorf("IdleReadLoop = %#x, %v", conn, ok)
	}
	uncertain := `goroutine 9 [IO wait]:
net/http.(*persistConn).readLoop(0xc0001b4000?)
	/go/src/net/http/transport.go:2330 +0x172
created by net/http.(*Transport).dialConn in goroutine 24
	/go/src/net/http/transport.go:1994 +0x16ac
`
	if _, ok := IdleReadLoop(parse(t, uncertain)); ok {
		t.Error("a value the runtime marks uncertain is not read")
	}
}

func TestPersistConnLayoutKnown(t *testing.T) {
	if _, ok := persistConnT(); !ok {
		t.Fatal("net/http's persistConn.t not found: dropped transports would go unreported")
	}
}

// liveDump takes a real dump.
func liveDump() ([]byte, func()) {
	buf := make([]byte, 1<<20)
	return buf[:goruntime.Stack(buf, true)], func() {}
}

// idleConns returns the idle read loops running now.
func idleConns(t *testing.T) map[uint64]uintptr {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		text, _ := liveDump()
		conns := map[uint64]uintptr{}
		var g stack.Goroutine
		for it := stack.NewDump(text); it.Next(&g); {
			if conn, ok := IdleReadLoop(&g); ok {
				conns[g.ID] = conn
			}
		}
		if len(conns) > 0 || time.Now().After(deadline) {
			return conns
		}
		goruntime.Gosched()
	}
}

func get(t *testing.T, c *http.Client, url string) {
	t.Helper()
	resp, err := c.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
}

func TestDropped(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, "ok") }))
	defer srv.Close()

	held := &http.Transport{}
	defer held.CloseIdleConnections()
	get(t, &http.Client{Transport: held}, srv.URL)
	if got := Dropped(idleConns(t), liveDump); len(got) != 0 {
		t.Errorf("a transport still held was taken for dropped: %v", got)
	}

	func() { get(t, &http.Client{Transport: &http.Transport{}}, srv.URL) }()
	conns := idleConns(t)
	if got := Dropped(conns, liveDump); len(got) != 1 {
		t.Errorf("dropped = %v, want the one connection of the dropped transport among %v", got, conns)
	}
	goruntime.KeepAlive(held)
}
