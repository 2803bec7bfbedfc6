package blame

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func parse(t *testing.T, dump string) *stack.Goroutine {
	t.Helper()
	var g stack.Goroutine
	d := stack.NewDump([]byte(strings.ReplaceAll(dump, "ROOT", StdRoot())))
	require.True(t, d.Next(&g), "no goroutine parsed")
	return &g
}

func TestUserFrameFirst(t *testing.T) {
	if StdRoot() == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	g := parse(t, `goroutine 7 [chan receive]:
example.com/app.worker(0x1)
	/src/app/worker.go:12 +0x25
created by example.com/app.Start in goroutine 1
	/src/app/start.go:5 +0x16
`)
	f := Frame(g)
	assert.Equal(t, "example.com/app.worker", string(f.Func))
	assert.Equal(t, 12, f.Line)
}

// A stack of standard-library frames only points at what the goroutine is
// doing (the persistConn loop), not at the poller it waits in, nor at the
// Read callback that bufio calls.
func TestMostSpecificStandardFrame(t *testing.T) {
	if StdRoot() == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	g := parse(t, `goroutine 9 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	ROOTruntime/netpoll.go:351 +0x85
net.(*conn).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/net.go:196 +0x45
net/http.(*persistConn).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/http/transport.go:2174 +0x47
bufio.(*Reader).fill(0x1)
	ROOTbufio/bufio.go:113 +0x103
net/http.(*persistConn).readLoop(0x1)
	ROOTnet/http/transport.go:2330 +0x172
created by net/http.(*Transport).dialConn in goroutine 24
	ROOTnet/http/transport.go:1994 +0x16ac
`)
	f := Frame(g)
	assert.Equal(t, "net/http.(*persistConn).readLoop", string(f.Func))
	assert.Equal(t, 2330, f.Line)
}

// Go 1.27 moved HTTP/2 from net/http (http2* names) to
// net/http/internal/http2: its frames are HTTP/2's, not plumbing, so the
// report points there and not at the poller.
func TestHTTP2FrameOnGo127(t *testing.T) {
	if StdRoot() == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	g := parse(t, `goroutine 1214 [IO wait] {leaklint.test: 48}:
internal/poll.runtime_pollWait(0x7f, 0x72)
	ROOTruntime/netpoll.go:351 +0x85
bufio.(*Reader).Read(0x1, {0x2, 0x9, 0x9})
	ROOTbufio/bufio.go:245 +0x4b8
net/http/internal/http2.readFrameHeader({0x2, 0x9, 0x9}, {0x3, 0x1})
	ROOTnet/http/internal/http2/frame.go:252 +0x97
net/http/internal/http2.(*ClientConn).readLoop(0x1)
	ROOTnet/http/internal/http2/transport.go:1945 +0x79
created by net/http/internal/http2.(*Transport).newClientConn in goroutine 1213
	ROOTnet/http/internal/http2/transport.go:701 +0xc1c
`)
	assert.Equal(t, "net/http/internal/http2.readFrameHeader", string(Frame(g).Func))
}

func TestOnlyPlumbingFallsBackToInnermost(t *testing.T) {
	if StdRoot() == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	g := parse(t, `goroutine 3 [select]:
runtime.gopark(0x1)
	ROOTruntime/proc.go:435 +0xce
time.Sleep(0x1)
	ROOTruntime/time.go:300 +0x1
`)
	assert.Equal(t, "runtime.gopark", string(Frame(g).Func))
}

func TestPlumbing(t *testing.T) {
	for fn, want := range map[string]bool{
		"internal/poll.(*FD).Read":                       true,
		"vendor/golang.org/x/net/http2.f":                true,
		"net/http/internal/ascii.EqualFold":              true,
		"sync.(*WaitGroup).Wait":                         true,
		"bufio.(*Reader).fill":                           true,
		"net/http.(*persistConn).readLoop":               false,
		"net/http/internal/http2.(*ClientConn).readLoop": false, // Go 1.27's HTTP/2
		"net/http/internal/http2.readFrameHeader":        false,
		"example.com/app.worker":                         false,
	} {
		assert.Equal(t, want, Plumbing([]byte(fn)), fn)
	}
}

func TestStd(t *testing.T) {
	if root := StdRoot(); root != "" {
		assert.True(t, Std([]byte(root+"fmt/print.go")))
		assert.True(t, strings.HasSuffix(root, "/src/"), root)
	}
	assert.False(t, Std([]byte("/src/app/worker.go")))
}
