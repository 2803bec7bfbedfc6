package dump

import (
	"bytes"
	"testing"
)

func parkedReceive(ch <-chan struct{}) { <-ch }

// TestTakeIsComplete: the buffer sized from the goroutine count holds every
// goroutine, even when the count jumps far beyond what the last dump saw.
func TestTakeIsComplete(t *testing.T) {
	Take().Release() // a small dump sets a small estimate
	release := make(chan struct{})
	defer close(release)
	const n = 3000
	for range n {
		go parkedReceive(release)
	}
	d := Take()
	defer d.Release()
	if headers := bytes.Count(d.Text, []byte("\ngoroutine ")); headers < n {
		t.Fatalf("the dump holds %d goroutines, fewer than the %d started since the last one", headers, n)
	}
}
