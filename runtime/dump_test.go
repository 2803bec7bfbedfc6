package leak

import (
	"testing"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// TestDetectorDumpIsComplete: the buffer sized from the goroutine count
// holds every goroutine, even when the count jumps after the last dump.
func TestDetectorDumpIsComplete(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	verifyPark(t, release, 3000)
	for range 2 {
		d := detectorTakeDump()
		n, parked := 0, 0
		var g stack.Goroutine
		for it := stack.NewDump(d.text); it.Next(&g); {
			n++
			if string(g.State) == "chan receive" {
				parked++
			}
		}
		d.release()
		if parked < 3000 {
			t.Fatalf("dump holds %d goroutines, %d parked; want all 3000 parked ones", n, parked)
		}
	}
}

func TestReportUnclosedWithoutOrigin(t *testing.T) {
	t.Parallel()
	r := &LeakReport{Test: "TestX", Unclosed: []UnclosedResource{{Kind: "StreamResultBuilder"}}}
	verifyContains(t, r.String(), "leak: 1 stream resource created by TestX never closed", "StreamResultBuilder created at an unknown place")
	if parsePosition("no-line") != nil || parsePosition("f.go:x") != nil {
		t.Error("parsePosition accepted text without a line number")
	}
	if p := parsePosition(`C:\dir\f.go:12`); p == nil || p.File != `C:\dir\f.go` || p.Line != 12 {
		t.Errorf("parsePosition(windows path) = %+v", p)
	}
}
