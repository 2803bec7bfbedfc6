package group

import (
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// A stack of standard-library frames only points at what the goroutine
// is doing, not at the poller it waits in.
func TestDescribeMostSpecificStandardFrame(t *testing.T) {
	root := blame.StdRoot()
	if root == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	dump := strings.ReplaceAll(`goroutine 9 [IO wait]:
internal/poll.runtime_pollWait(0x7f, 0x72)
	ROOTruntime/netpoll.go:351 +0x85
internal/poll.(*pollDesc).wait(0x1, 0x2, 0x0)
	ROOTinternal/poll/fd_poll_runtime.go:84 +0x27
internal/poll.(*FD).Read(0x1, {0x2, 0x1000, 0x1000})
	ROOTinternal/poll/fd_unix.go:165 +0x2ae
net.(*netFD).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/fd_posix.go:68 +0x25
net.(*conn).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/net.go:196 +0x45
net/http.(*persistConn).Read(0x1, {0x2, 0x3, 0x4})
	ROOTnet/http/transport.go:2174 +0x47
bufio.(*Reader).fill(0x1)
	ROOTbufio/bufio.go:113 +0x103
bufio.(*Reader).Peek(0x1, 0x1)
	ROOTbufio/bufio.go:152 +0x53
net/http.(*persistConn).readLoop(0x1)
	ROOTnet/http/transport.go:2330 +0x172
created by net/http.(*Transport).dialConn in goroutine 24
	ROOTnet/http/transport.go:1994 +0x16ac
`, "ROOT", root)
	var g stack.Goroutine
	d := stack.NewDump([]byte(dump))
	if !d.Next(&g) {
		t.Fatal("no goroutine parsed")
	}
	lg := Describe(&g)
	if lg.Function != "net/http.(*persistConn).readLoop" || lg.Line != 2330 {
		t.Errorf("Describe points at %s:%d, want net/http.(*persistConn).readLoop at line 2330", lg.Function, lg.Line)
	}
}

// Goroutines blocked at one place and created at one place make one
// group, counted, with the longest time any was seen blocked; the largest
// group comes first, and goroutines include rejects are left out.
func TestCollectGroupsLargestFirst(t *testing.T) {
	entry := func(id int, fn, file string) string {
		return "goroutine " + string(rune('0'+id)) + " [chan receive]:\n" +
			"example.com/app." + fn + "()\n\t/src/app/" + file + ":7 +0x1\n" +
			"created by example.com/app.Start in goroutine 1\n\t/src/app/start.go:3 +0x2\n\n"
	}
	dump := []byte(entry(2, "a", "a.go") + entry(3, "b", "b.go") + entry(4, "b", "b.go") + entry(5, "c", "c.go"))
	groups := Collect(dump,
		func(g *stack.Goroutine) bool { return g.ID != 5 },
		func(g *stack.Goroutine, lg *Group) { lg.BlockedFor = time.Duration(g.ID) * time.Millisecond })
	if len(groups) != 2 {
		t.Fatalf("got %d groups, want 2 (a, and b twice; c left out): %+v", len(groups), groups)
	}
	if g := groups[0]; g.Count != 2 || g.Function != "example.com/app.b" || g.BlockedFor != 4*time.Millisecond {
		t.Errorf("first group = %d × %s blocked %v, want 2 × example.com/app.b blocked 4ms", g.Count, g.Function, g.BlockedFor)
	}
	if g := groups[1]; g.Count != 1 || g.Function != "example.com/app.a" || g.CreatedBy != "example.com/app.Start" || g.CreatedLine != 3 {
		t.Errorf("second group = %+v, want 1 × example.com/app.a created by example.com/app.Start at line 3", g)
	}
}
