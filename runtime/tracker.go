package leak

import (
	"fmt"
	goruntime "runtime"
	"sync/atomic"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/heapuse"
	"github.com/leaklint/leaklint/runtime/internal/stripes"
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
	counters *stripes.Counters

	start           time.Time
	startGoroutines int
	startHeapInUse  uint64
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
	s := &trackerState{
		counters:        stripes.New(),
		start:           t.clock(),
		startGoroutines: goruntime.NumGoroutine(),
		startHeapInUse:  heapuse.Bytes(),
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
	t.load().counters.AddOperation()
}

// RecordError marks one operation already counted by RecordOperation as
// failed: it adds to Errors, not to Operations. Call RecordOperation when
// an operation starts (or ends) and RecordError as well when it fails, so
// three operations of which one failed report Operations 3, Errors 1 and
// an error rate of 1/3. It is safe from any number of goroutines.
func (t *ResourceTracker) RecordError() {
	t.load().counters.AddError()
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
		HeapInUse:       heapuse.Bytes(),
	}
	// An operation is recorded before its error, and Sum reads errors
	// first, so it never shows an error without its operation.
	r.Operations, r.Errors = s.counters.Sum()
	// An error recorded without its operation still stands for one.
	r.Operations = max(r.Operations, r.Errors)
	if r.Operations > 0 {
		r.ErrorRate = float64(r.Errors) / float64(r.Operations)
	}
	return r
}

// String renders the report on one line per topic.
func (r ResourceReport) String() string {
	return fmt.Sprintf("operations %d, errors %d (%.2f%%) in %v\ngoroutines %d -> %d (%+d)\nheap in use %s -> %s (%+.1f%%)",
		r.Operations, r.Errors, 100*r.ErrorRate, r.Elapsed.Round(time.Millisecond),
		r.StartGoroutines, r.Goroutines, r.Goroutines-r.StartGoroutines,
		heapuse.Format(r.StartHeapInUse), heapuse.Format(r.HeapInUse), heapuse.Growth(r.StartHeapInUse, r.HeapInUse))
}
