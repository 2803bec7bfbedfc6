// Package heapuse measures the heap in use without stopping the world and
// renders byte counts and their growth for a report.
package heapuse

import (
	"fmt"
	"runtime/metrics"
)

// names add up to runtime.MemStats.HeapInuse. runtime/metrics reads them
// without stopping the world, unlike runtime.ReadMemStats.
var names = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
}

// Bytes returns the heap in use, in bytes: the spans holding objects, live
// or not yet swept, as runtime.MemStats.HeapInuse counts them.
func Bytes() uint64 {
	samples := make([]metrics.Sample, len(names))
	for i, name := range names {
		samples[i].Name = name
	}
	metrics.Read(samples)
	var total uint64
	for _, s := range samples {
		if s.Value.Kind() == metrics.KindUint64 {
			total += s.Value.Uint64()
		}
	}
	return total
}

// Growth is the change from from to to in percent; 0 when from is 0.
func Growth(from, to uint64) float64 {
	if from == 0 {
		return 0
	}
	return 100 * (float64(to) - float64(from)) / float64(from)
}

// Format renders n bytes with a binary unit: "512 B", "1.5 KiB".
func Format(n uint64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := uint64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}
