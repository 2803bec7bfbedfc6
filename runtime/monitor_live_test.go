package leak

import (
	"bytes"
	"context"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/runtime/internal/collected"
	"github.com/leaklint/leaklint/runtime/internal/monitor"
	"github.com/leaklint/leaklint/runtime/internal/periodic"
	"github.com/leaklint/leaklint/runtime/internal/sites"
	"github.com/leaklint/leaklint/stream"
)

// monitorTestParked blocks until release is closed; the tests find its
// goroutines in profiles by its name.
func monitorTestParked(started *sync.WaitGroup, release <-chan struct{}) {
	started.Done()
	<-release
}

// monitorStartParked starts n goroutines that stay parked until the
// returned function is called, which waits until they have all exited.
func monitorStartParked(t testing.TB, n int) (release func()) {
	before := runtime.NumGoroutine()
	var started sync.WaitGroup
	ch := make(chan struct{})
	started.Add(n)
	for range n {
		go monitorTestParked(&started, ch)
	}
	started.Wait()
	var once sync.Once
	release = func() {
		once.Do(func() {
			close(ch)
			// A goroutine is counted until it has fully exited, a moment
			// after it returns: wait, bounded, for the count to come back.
			deadline := time.Now().Add(monitorTestWait)
			for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
				runtime.Gosched()
			}
		})
	}
	t.Cleanup(release)
	return release
}

func TestMonitorAlertsOnRealGoroutinesWithTheirSite(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.m.Count = runtime.NumGoroutine
	h.m.m.Profile = monitor.ProfileSites
	h.m.SetGrowthDetection(0, 0)
	base := runtime.NumGoroutine()
	h.m.SetAlertThreshold(base + 100)
	h.m.Start()

	assert.Empty(t, h.tick(0), "the count is the real one: the 0 passed here is ignored")
	release := monitorStartParked(t, 200)
	alerts := h.tick(0)
	require.Len(t, alerts, 1)
	assert.GreaterOrEqual(t, alerts[0].Count, base+100)
	require.NotEmpty(t, alerts[0].TopSites)
	top := alerts[0].TopSites[0]
	assert.True(t, strings.HasSuffix(top.Function, ".monitorTestParked"), "top site %+v", top)
	assert.Contains(t, top.Location, "monitor_live_test.go:")
	parked := 0 // one may be caught between two lines, hence a sum
	for _, s := range alerts[0].TopSites {
		if s.Function == top.Function {
			parked += s.Count
		}
	}
	assert.Equal(t, 200, parked)

	release()
	assert.Empty(t, h.tick(0), "back to the baseline")
	assert.Equal(t, alerts[0].Count, h.m.Report().Max, "max holds the peak")
}

// monitorLoopsRunning counts monitor goroutines in a raw goroutine
// profile, which monitor.ProfileSites would hide.
func monitorLoopsRunning(t *testing.T) int {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, pprof.Lookup("goroutine").WriteTo(&buf, 1))
	all, err := sites.Parse(&buf, 1<<20)
	require.NoError(t, err)
	n := 0
	for _, s := range all {
		if s.Function == periodic.Function {
			n += s.Count
		}
	}
	return n
}

func TestMonitorProfileSitesLeaveOutTheMonitor(t *testing.T) {
	require.True(t, strings.HasSuffix(periodic.Function, "periodic.(*Loop).run"), periodic.Function)
	h := newMonitorHarness(t)
	h.m.Start()
	h.tick(1) // the loop has run and waits for the next tick
	require.Positive(t, monitorLoopsRunning(t))
	top, err := monitor.ProfileSites()
	require.NoError(t, err)
	for _, s := range top {
		assert.NotEqual(t, periodic.Function, s.Function)
	}
}

func TestMonitorStopLeavesNoGoroutine(t *testing.T) {
	before := monitorLoopsRunning(t)
	m := NewGoroutineMonitor()
	m.SetInterval(time.Millisecond) // real ticker, real count
	m.Start()
	m.Stop()
	m.Stop()

	// Stop returns after the loop closed its done channel; the goroutine
	// may still be unwinding for a moment, so look again, bounded.
	deadline := time.Now().Add(monitorTestWait)
	for monitorLoopsRunning(t) > before {
		if time.Now().After(deadline) {
			t.Fatal("the monitor's goroutine outlived Stop")
		}
		runtime.Gosched()
	}
}

// TestMonitorRacingCallers runs every method against a monitor that samples
// on a real 1ms ticker; it fails under -race or by deadlocking.
func TestMonitorRacingCallers(t *testing.T) {
	m := NewGoroutineMonitor()
	m.SetInterval(time.Millisecond)
	m.SetAlertThreshold(1)
	m.SetAlertCallback(func(GoroutineSample) {})
	var wg sync.WaitGroup
	for i := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 50 {
				switch (i + j) % 6 {
				case 0:
					m.Start()
				case 1:
					m.Stop()
				case 2:
					m.SetInterval(time.Duration(1+j%3) * time.Millisecond)
				case 3:
					m.SetAlertThreshold(j)
				case 4:
					_ = m.Report().String()
				case 5:
					m.SetRealertInterval(time.Millisecond)
				}
			}
		}()
	}
	wg.Wait()
	m.Stop()
	assert.False(t, m.Report().Running)
}

// monitorDropStream creates a StreamingContext and loses it without Close.
//
//go:noinline
func monitorDropStream(ctx context.Context) {
	//leaklint:ignore unclosedstream dropped on purpose: the test checks that the monitor reports it once collected
	stream.NewStreamingContext(ctx)
}

func TestMonitorSeesStreamCollectedWhileOpen(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.m.WatchCollect = collected.Watch // the real subscription
	h.m.SetGrowthDetection(0, 0)
	h.m.Start()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel() // ends the dropped stream's goroutine
	monitorDropStream(ctx)

	// The cleanup runs on the runtime's cleanup goroutine some time after a
	// collection; collect until the monitor has counted it, bounded.
	deadline := time.Now().Add(monitorTestWait)
	for {
		runtime.GC()
		var mine []MonitorCollectedSite
		for _, a := range h.tick(1) {
			for _, c := range a.Collected {
				if strings.Contains(c.Origin, "monitor_live_test.go:") {
					mine = append(mine, c)
				}
			}
		}
		if len(mine) > 0 {
			assert.Equal(t, "StreamingContext", mine[0].Kind)
			assert.Equal(t, 1, mine[0].Count)
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the dropped StreamingContext was never reported as collected")
		}
	}
}

// monitorStopTheWorldPauses counts the non-GC stop-the-world pauses so far.
func monitorStopTheWorldPauses(t *testing.T) uint64 {
	t.Helper()
	s := []metrics.Sample{{Name: "/sched/pauses/total/other:seconds"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindFloat64Histogram {
		t.Skipf("this Go has no %s metric", s[0].Name)
	}
	var n uint64
	for _, c := range s[0].Value.Float64Histogram().Counts {
		n += c
	}
	return n
}

func TestMonitorSampleDoesNotStopTheWorld(t *testing.T) {
	monitorStartParked(t, 1000)
	m := NewGoroutineMonitor()
	m.SetAlertThreshold(1 << 30)

	before := monitorStopTheWorldPauses(t)
	for range 1000 {
		m.m.Sample()
	}
	assert.Equal(t, before, monitorStopTheWorldPauses(t), "1000 samples stopped the world")

	// The metric does see a stack dump stop the world, so the check above
	// can fail.
	before = monitorStopTheWorldPauses(t)
	runtime.Stack(make([]byte, 1<<20), true)
	assert.Greater(t, monitorStopTheWorldPauses(t), before, "a full stack dump stops the world")
}
