package leak

import (
	"encoding/json"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTrackerCountsFromManyGoroutines(t *testing.T) {
	tr := NewResourceTracker()
	const workers, perWorker = 8, 1000
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range perWorker {
				tr.RecordOperation()
				if (w+i)%4 == 0 {
					tr.RecordError()
				}
			}
		}()
	}
	wg.Wait()

	r := tr.Report()
	assert.Equal(t, int64(workers*perWorker), r.Operations, "an error marks a recorded operation failed; it is not another operation")
	assert.Equal(t, int64(workers*perWorker/4), r.Errors)
	assert.InDelta(t, 0.25, r.ErrorRate, 1e-12)
}

func TestTrackerReportNeverShowsMoreErrorsThanOperations(t *testing.T) {
	tr := NewResourceTracker()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					tr.RecordError()
				}
			}
		}()
	}
	for range 200 {
		r := tr.Report()
		require.LessOrEqual(t, r.Errors, r.Operations)
		require.LessOrEqual(t, r.ErrorRate, 1.0)
	}
	close(stop)
	wg.Wait()
}

// TestTrackerErrorMarksAnOperation is the documented use: count each
// operation, and mark the failed ones.
func TestTrackerErrorMarksAnOperation(t *testing.T) {
	tr := NewResourceTracker()
	for i := range 3 {
		tr.RecordOperation()
		if i == 1 {
			tr.RecordError()
		}
	}
	r := tr.Report()
	assert.Equal(t, int64(3), r.Operations)
	assert.Equal(t, int64(1), r.Errors)
	assert.InDelta(t, 1.0/3, r.ErrorRate, 1e-12)
	assert.Contains(t, r.String(), "operations 3, errors 1 (33.33%)")
}

// TestTrackerErrorAloneStandsForAnOperation: a caller that records only
// the failure still never sees a rate above 100%.
func TestTrackerErrorAloneStandsForAnOperation(t *testing.T) {
	tr := NewResourceTracker()
	tr.RecordOperation()
	tr.RecordError()
	tr.RecordError()
	r := tr.Report()
	assert.Equal(t, int64(2), r.Operations)
	assert.Equal(t, int64(2), r.Errors)
	assert.InDelta(t, 1.0, r.ErrorRate, 1e-12)
}

func TestTrackerReportWithoutOperations(t *testing.T) {
	r := NewResourceTracker().Report()
	assert.Zero(t, r.Operations)
	assert.Zero(t, r.ErrorRate, "no operations is a zero rate, not NaN")
	_, err := json.Marshal(r)
	require.NoError(t, err, "NaN would not marshal")
}

func TestTrackerReportsElapsedGoroutinesAndHeap(t *testing.T) {
	// Free earlier garbage (such as the ballast of a previous -count run)
	// first, or the collector could free it during this test and hide the
	// growth.
	runtime.GC()
	tr := NewResourceTracker()
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	tr.load().start = start
	tr.now = func() time.Time { return start.Add(1500 * time.Millisecond) }

	const parked = 100
	monitorStartParked(t, parked)
	const heapGrowth = 64 << 20
	ballast := make([]byte, heapGrowth)
	r := tr.Report()
	runtime.KeepAlive(ballast)

	assert.Equal(t, 1500*time.Millisecond, r.Elapsed)
	// Goroutines left by earlier tests may exit meanwhile, hence the slack.
	assert.GreaterOrEqual(t, r.Goroutines-r.StartGoroutines, parked-10)
	assert.Positive(t, r.StartHeapInUse)
	assert.GreaterOrEqual(t, r.HeapInUse, r.StartHeapInUse+heapGrowth*3/4,
		"a 64 MiB live allocation shows in heap in use, less the little garbage the collector may have freed since")

	tr.RecordOperation()
	tr.RecordOperation()
	tr.RecordError()
	r = tr.Report()
	text := r.String()
	assert.Contains(t, text, "operations 2, errors 1 (50.00%) in 1.5s")
	assert.Contains(t, text, "goroutines ")
	assert.Contains(t, text, "heap in use ")

	data, err := json.Marshal(r)
	require.NoError(t, err)
	var back ResourceReport
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, r, back)
}

func TestTrackerZeroValueIsReady(t *testing.T) {
	var tr ResourceTracker
	var wg sync.WaitGroup
	for range 4 { // racing first uses create the state once
		wg.Add(1)
		go func() {
			defer wg.Done()
			tr.RecordOperation()
			tr.RecordError()
		}()
	}
	wg.Wait()
	r := tr.Report()
	assert.Equal(t, int64(4), r.Operations)
	assert.Equal(t, int64(4), r.Errors)
	assert.Positive(t, r.StartGoroutines)
}
