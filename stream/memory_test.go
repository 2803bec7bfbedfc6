package stream

import (
	"context"
	"encoding/json"
	"runtime"
	"strings"
	"testing"
)

// largeValue is a value whose JSON encoding is a little over 10 MB.
func largeValue() []string {
	v := make([]string, 10<<10)
	line := strings.Repeat("x", 1<<10)
	for i := range v {
		v[i] = line
	}
	return v
}

func liveHeap() uint64 {
	// Two cycles: the first moves sync.Pool contents (the JSON encoder's
	// scratch buffer) to the victim cache, the second frees them.
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// While a large value streams, the stream holds one copy of its encoding
// (every chunk is a slice of it), and nothing once it has been consumed.
func TestStreamJSONLargeValueHoldsOneCopy(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes 10 MB")
	}
	v := largeValue()
	enc, _ := json.Marshal(v)
	docLen := uint64(len(enc))
	enc = nil
	const chunkSize = 64 << 10

	base := liveHeap()
	ch, err := StreamJSON(context.Background(), v, chunkSize)
	if err != nil {
		t.Fatal(err)
	}
	total := uint64(len((<-ch).Data))
	mid := liveHeap()
	held := int64(mid) - int64(base)
	// One copy plus slack for goroutine stacks and runtime bookkeeping;
	// two copies would exceed the bound by more than 8 MB.
	if held < int64(docLen)*9/10 || held > int64(docLen)*5/4 {
		t.Fatalf("mid-stream the heap grew by %.1f MB for a %.1f MB document, want about one copy (0.9x..1.25x)",
			mb(held), mb(int64(docLen)))
	}
	for c := range ch {
		total += uint64(len(c.Data))
	}
	if total != docLen {
		t.Fatalf("streamed %d bytes, want %d", total, docLen)
	}
	after := int64(liveHeap()) - int64(base)
	if after > 1<<20 {
		t.Fatalf("after the stream was consumed the heap still held %.1f MB more than before", mb(after))
	}
	runtime.KeepAlive(v)
	t.Logf("document %.2f MB; held mid-stream %.2f MB (%.2fx); after %.2f MB", mb(int64(docLen)), mb(held), float64(held)/float64(docLen), mb(after))
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
