package leak

import (
	"fmt"
	"math/bits"
	goruntime "runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
	"unsafe"
)

// ResourceTracker counts operations and errors from many goroutines and
// reports them beside the goroutine count and heap in use, so that a load
// test or a canary can tell whether resources grow with the work done or
// with time.
//
// RecordOperation and RecordError take no lock. The counters are striped:
// each call adds to one of several cache-line-sized counters, picked by the
// address of the calling goroutine's stack, so that goroutines running on
// different CPUs rarely write the same cache line while each goroutine
// keeps writing the line it wrote last; Report sums them.
//
// The zero ResourceTracker is ready to use; its start is its first use.
type ResourceTracker struct {
	state atomic.Pointer[trackerState] // set once, by the first call
	now   func() time.Time             // a seam for tests; nil is time.Now
}

type trackerState struct {
	stripes []trackerStripe
	mask    uint32

	start           time.Time
	startGoroutines int
	startHeapInUse  uint64
}

// trackerStripe fills two cache lines (128 bytes, the unit adjacent-line
// prefetchers move), so that two stripes never share one.
type trackerStripe struct {
	operations atomic.Int64
	errors     atomic.Int64
	_          [128 - 16]byte
}

// ResourceReport is a snapshot of a ResourceTracker. It prints with String
// and marshals to JSON.
type ResourceReport struct {
	// Operations counts RecordOperation calls; Errors counts RecordError
	// calls, each marking one of those operations failed. Should errors
	// outnumber operations (RecordError without RecordOperation), each
	// error stands for an operation of its own.
	Operations int64 `json:"operations"`
	Errors     int64 `json:"errors"`
	// ErrorRate is Errors/Operations, 0 before the first operation.
	ErrorRate float64 `json:"error_rate"`
	// Elapsed is the time since NewResourceTracker (or the first use of a
	// zero ResourceTracker).
	Elapsed time.Duration `json:"elapsed_ns"`

	StartGoroutines int `json:"start_goroutines"`
	Goroutines      int `json:"goroutines"`
	// Heap in use, in bytes: the spans holding objects, live or not yet
	// swept, as runtime.MemStats.HeapInuse counts them.
	StartHeapInUse uint64 `json:"start_heap_in_use"`
	HeapInUse      uint64 `json:"heap_in_use"`
}

// NewResourceTracker returns a tracker whose start is now: it records the
// goroutine count and heap in use to compare against later.
func NewResourceTracker() *ResourceTracker {
	t := &ResourceTracker{}
	t.load()
	return t
}

// load returns the tracker's state, creating it on first use.
func (t *ResourceTracker) load() *trackerState {
	if s := t.state.Load(); s != nil {
		return s
	}
	return t.begin()
}

func (t *ResourceTracker) begin() *trackerState {
	stripes := 1 << bits.Len(uint(goruntime.GOMAXPROCS(0)*4-1)) // a power of two >= 4 per P
	s := &trackerState{
		stripes:         make([]trackerStripe, stripes),
		mask:            uint32(stripes - 1),
		start:           t.clock(),
		startGoroutines: goruntime.NumGoroutine(),
		startHeapInUse:  trackerHeapInUse(),
	}
	if t.state.CompareAndSwap(nil, s) {
		return s
	}
	return t.state.Load() // another goroutine began first
}

func (t *ResourceTracker) clock() time.Time {
	if t.now != nil {
		return t.now()
	}
	return time.Now()
}

// RecordOperation counts one operation. It is safe from any number of
// goroutines.
func (t *ResourceTracker) RecordOperation() {
	s := t.load()
	s.stripes[s.stripe()].operations.Add(1)
}

// RecordError marks one operation already counted by RecordOperation as
// failed: it adds to Errors, not to Operations. Call RecordOperation when
// an operation starts (or ends) and RecordError as well when it fails, so
// three operations of which one failed report Operations 3, Errors 1 and
// an error rate of 1/3. It is safe from any number of goroutines.
func (t *ResourceTracker) RecordError() {
	s := t.load()
	s.stripes[s.stripe()].errors.Add(1)
}

// stripe hashes the address of a local variable: goroutine stacks are
// distinct memory, so goroutines spread over the stripes, and it costs no
// more than a multiplication (a random stripe per call measured twice as
// slow). Only the address is used, so the variable stays on the stack.
func (s *trackerState) stripe() uint32 {
	var onStack byte
	// Stacks are at least 2 KiB apart; shifting off the low bits keeps a
	// goroutine on one stripe while its call depth changes a little.
	h := uint64(uintptr(unsafe.Pointer(&onStack))>>10) * 0x9E3779B97F4A7C15 // Fibonacci hashing
	return uint32(h>>32) & s.mask
}

// Report sums the counters and measures the goroutines and heap now. Calls
// recorded while it runs may or may not be included.
func (t *ResourceTracker) Report() ResourceReport {
	s := t.load()
	r := ResourceReport{
		Elapsed:         t.clock().Sub(s.start),
		StartGoroutines: s.startGoroutines,
		Goroutines:      goruntime.NumGoroutine(),
		StartHeapInUse:  s.startHeapInUse,
		HeapInUse:       trackerHeapInUse(),
	}
	for i := range s.stripes {
		// Errors first: an operation is recorded before its error, so
		// this order never shows an error without its operation.
		r.Errors += s.stripes[i].errors.Load()
		r.Operations += s.stripes[i].operations.Load()
	}
	// An error recorded without its operation still stands for one.
	r.Operations = max(r.Operations, r.Errors)
	if r.Operations > 0 {
		r.ErrorRate = float64(r.Errors) / float64(r.Operations)
	}
	return r
}

// trackerHeapMetrics add up to runtime.MemStats.HeapInuse. runtime/metrics
// reads them without stopping the world, unlike runtime.ReadMemStats.
var trackerHeapMetrics = []string{
	"/memory/classes/heap/objects:bytes",
	"/memory/classes/heap/unused:bytes",
}

func trackerHeapInUse() uint64 {
	samples := make([]metrics.Sample, len(trackerHeapMetrics))
	for i, name := range trackerHeapMetrics {
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

// String renders the report on one line per topic.
func (r ResourceReport) String() string {
	return fmt.Sprintf("operations %d, errors %d (%.2f%%) in %v\ngoroutines %d -> %d (%+d)\nheap in use %s -> %s (%+.1f%%)",
		r.Operations, r.Errors, 100*r.ErrorRate, r.Elapsed.Round(time.Millisecond),
		r.StartGoroutines, r.Goroutines, r.Goroutines-r.StartGoroutines,
		trackerBytes(r.StartHeapInUse), trackerBytes(r.HeapInUse), trackerGrowth(r.StartHeapInUse, r.HeapInUse))
}

func trackerGrowth(from, to uint64) float64 {
	if from == 0 {
		return 0
	}
	return 100 * (float64(to) - float64(from)) / float64(from)
}

func trackerBytes(n uint64) string {
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
