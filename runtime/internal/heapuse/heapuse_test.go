package heapuse

import (
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestBytesIsMemStatsHeapInuse(t *testing.T) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	got := Bytes()
	assert.Positive(t, got)
	// Allocation between the two reads moves the figure a little.
	assert.InEpsilon(t, float64(ms.HeapInuse), float64(got), 0.5)
}

func TestGrowth(t *testing.T) {
	assert.Zero(t, Growth(0, 100))
	assert.InDelta(t, 50.0, Growth(100, 150), 1e-9)
	assert.InDelta(t, -25.0, Growth(100, 75), 1e-9)
}

func TestFormat(t *testing.T) {
	for n, want := range map[uint64]string{
		0:             "0 B",
		1023:          "1023 B",
		1024:          "1.0 KiB",
		1536:          "1.5 KiB",
		5 << 20:       "5.0 MiB",
		3 << 30:       "3.0 GiB",
		1<<40 + 1<<39: "1.5 TiB",
	} {
		assert.Equal(t, want, Format(n), "%d", n)
	}
}
