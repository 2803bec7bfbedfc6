package frames

import (
	"testing"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func TestMatches(t *testing.T) {
	for _, c := range []struct {
		fn, name string
		want     bool
	}{
		{"os/signal.Notify.func2.1", "os/signal.Notify.func*", true},
		{"os/signal.Notify.func1", "os/signal.Notify.func*", true},
		{"os/signal.Notify", "os/signal.Notify.func*", false},
		{"os/signal.NotifyContext.func1", "os/signal.Notify.func*", false},
		{"os/signal.Notify.funcx", "os/signal.Notify.func*", false},
		{"testing.tRunner", "testing.tRunner", true},
		{"testing.tRunner.func1", "testing.tRunner", false},
	} {
		if got := Matches([]byte(c.fn), c.name); got != c.want {
			t.Errorf("Matches(%q, %q) = %v, want %v", c.fn, c.name, got, c.want)
		}
	}
}

func TestPackage(t *testing.T) {
	for fn, want := range map[string]string{
		"net/http.(*persistConn).readLoop": "net/http",
		"runtime.gopark":                   "runtime",
		"example.com/a/b.F.func1":          "example.com/a/b",
		"main.main":                        "main",
		"weird":                            "weird",
	} {
		if got := string(Package([]byte(fn))); got != want {
			t.Errorf("Package(%q) = %q, want %q", fn, got, want)
		}
	}
}

func TestEntry(t *testing.T) {
	dump := `goroutine 5 [syscall]:
os/signal.signal_recv()
	/go/src/runtime/sigqueue.go:152 +0x98
os/signal.loop()
	/go/src/os/signal/signal_unix.go:23 +0x13
created by os/signal.Notify.func1.1 in goroutine 21
	/go/src/os/signal/signal.go:152 +0x1f
`
	var g stack.Goroutine
	d := stack.NewDump([]byte(dump))
	if !d.Next(&g) {
		t.Fatal("not parsed")
	}
	if got := string(Entry(&g)); got != "os/signal.loop" {
		t.Errorf("Entry = %q, want os/signal.loop", got)
	}
}
