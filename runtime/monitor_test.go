package leak

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/alert"
	"github.com/leaklint/leaklint/runtime/internal/monitor"
	"github.com/leaklint/leaklint/runtime/internal/periodic"
	"github.com/leaklint/leaklint/runtime/internal/sites"
)

// monitorTestWait bounds every wait on the monitor's goroutine, so that a
// broken monitor fails the test instead of hanging it.
const monitorTestWait = 10 * time.Second

// monitorHarness drives a GoroutineMonitor tick by tick: the test sets the
// goroutine count and the clock, sends a tick and waits until the monitor
// has finished that sample and delivered its alerts.
type monitorHarness struct {
	t        *testing.T
	m        *GoroutineMonitor
	ticks    chan time.Time
	sampled  chan struct{}
	resets   chan time.Duration
	now      time.Time
	count    int
	profiles atomic.Int32
	sites    []MonitorSite
	record   func(track.Collected) // the monitor's collected listener

	mu     sync.Mutex
	alerts []GoroutineSample
}

type monitorFakeTicker struct{ h *monitorHarness }

func (f monitorFakeTicker) C() <-chan time.Time { return f.h.ticks }
func (f monitorFakeTicker) Reset(d time.Duration) {
	select {
	case f.h.resets <- d:
	default:
	}
}
func (f monitorFakeTicker) Stop() {}

func newMonitorHarness(t *testing.T) *monitorHarness {
	h := &monitorHarness{
		t:       t,
		m:       NewGoroutineMonitor(),
		ticks:   make(chan time.Time),
		sampled: make(chan struct{}),
		resets:  make(chan time.Duration, 8),
		now:     time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC),
		sites:   []MonitorSite{{Function: "example.com/svc.(*Server).handle.func1", Location: "/src/svc/server.go:42", Count: 7}},
	}
	m := h.m
	m.ensureDefaults()
	m.m.Now = func() time.Time { return h.now }
	m.m.Count = func() int { return h.count }
	m.m.NewTicker = func(time.Duration) periodic.Ticker { return monitorFakeTicker{h} }
	m.m.Profile = func() ([]sites.Site, error) {
		h.profiles.Add(1)
		return internalSites(h.sites), nil
	}
	m.m.WatchCollect = func(record func(track.Collected)) func() {
		h.record = record
		return func() { h.record = nil }
	}
	m.m.AfterSample = func() { h.sampled <- struct{}{} }
	m.SetAlertCallback(func(s GoroutineSample) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.alerts = append(h.alerts, s)
	})
	t.Cleanup(m.Stop)
	return h
}

// tick advances the clock by one second, takes a sample of count and
// returns the alerts it raised.
func (h *monitorHarness) tick(count int) []GoroutineSample {
	h.t.Helper()
	h.now = h.now.Add(time.Second)
	h.count = count
	select {
	case h.ticks <- h.now:
	case <-time.After(monitorTestWait):
		h.t.Fatal("the monitor did not take the tick: is it running?")
	}
	select {
	case <-h.sampled:
	case <-time.After(monitorTestWait):
		h.t.Fatal("the monitor did not finish the sample")
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	got := h.alerts
	h.alerts = nil
	return got
}

func monitorReasons(alerts []GoroutineSample) []MonitorAlertReason {
	var rs []MonitorAlertReason
	for _, a := range alerts {
		rs = append(rs, a.Reason)
	}
	return rs
}

func TestMonitorThresholdAlertsOnceUntilCountFallsBelow(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetGrowthDetection(0, 0)
	h.m.SetAlertThreshold(100)
	h.m.Start()

	assert.Empty(t, h.tick(50), "below the threshold")
	alerts := h.tick(100)
	require.Len(t, alerts, 1, "reaching the threshold alerts")
	assert.Equal(t, MonitorAlertThreshold, alerts[0].Reason)
	assert.Equal(t, 100, alerts[0].Count)
	assert.Equal(t, 100, alerts[0].Threshold)
	assert.Equal(t, h.now, alerts[0].Time)
	assert.Equal(t, h.sites, alerts[0].TopSites)

	assert.Empty(t, h.tick(150), "still above: no repeat")
	assert.Empty(t, h.tick(95), "within the hysteresis band")
	assert.Empty(t, h.tick(100), "back at the threshold without having re-armed")
	assert.Empty(t, h.tick(89), "below the band: re-armed")
	alerts = h.tick(120)
	require.Len(t, alerts, 1, "crossing again after re-arming alerts again")
	assert.Equal(t, 120, alerts[0].Count)

	assert.Equal(t, int32(2), h.profiles.Load(), "one profile per alert, none on quiet ticks")
	r := h.m.Report()
	assert.Equal(t, int64(2), r.Alerts)
	assert.Equal(t, int64(2), r.ThresholdAlerts)
	assert.Equal(t, h.sites, r.TopSites)
	assert.Equal(t, h.now, r.TopSitesTime)
}

func TestMonitorRealertsAfterIntervalWhileAbove(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetGrowthDetection(0, 0)
	h.m.SetAlertThreshold(10)
	h.m.SetRealertInterval(3 * time.Second)
	h.m.Start()

	var alertedAt []int
	for i, count := range []int{10, 11, 12, 13, 14, 15, 16} {
		if len(h.tick(count)) > 0 {
			alertedAt = append(alertedAt, i)
		}
	}
	assert.Equal(t, []int{0, 3, 6}, alertedAt, "ticks are 1s apart; re-alert every 3s while above")
}

func TestMonitorGrowthBelowThreshold(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetAlertThreshold(1000)
	h.m.SetGrowthDetection(5, 4)
	h.m.Start()

	for _, c := range []int{10, 11, 12, 13} {
		assert.Empty(t, h.tick(c), "the window is not full yet")
	}
	alerts := h.tick(14)
	require.Len(t, alerts, 1, "five samples rising by 4 in all")
	a := alerts[0]
	assert.Equal(t, MonitorAlertGrowth, a.Reason)
	assert.True(t, a.Trend.Growing)
	assert.InDelta(t, 60.0, a.Trend.PerMinute, 1e-9, "one goroutine per second")
	assert.InDelta(t, 4.0, a.Trend.Rise, 1e-9)
	assert.InDelta(t, 1.0, a.Trend.Fit, 1e-9)
	assert.Equal(t, h.sites, a.TopSites)

	assert.Empty(t, h.tick(15), "the same rise does not alert twice")
	for range 5 {
		assert.Empty(t, h.tick(15), "flat")
	}
	assert.False(t, h.m.Report().Trend.Growing, "a flat window ends the growth and re-arms")
	var reasons []MonitorAlertReason
	for _, c := range []int{16, 17, 18, 19, 20} {
		reasons = append(reasons, monitorReasons(h.tick(c))...)
	}
	assert.Equal(t, []MonitorAlertReason{MonitorAlertGrowth}, reasons, "a new rise alerts again, once")
	assert.Equal(t, int64(2), h.m.Report().GrowthAlerts)
}

func TestMonitorGrowthIgnoresNoiseAndSmallRises(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetGrowthDetection(6, 5)
	h.m.Start()

	for _, c := range []int{10, 30, 10, 30, 12, 32, 12, 32} {
		assert.Empty(t, h.tick(c), "noise around a flat line is not a leak")
	}
	for _, c := range []int{100, 100, 101, 101, 102, 102, 103} {
		assert.Empty(t, h.tick(c), "a steady rise smaller than minRise")
	}
	assert.Zero(t, h.profiles.Load(), "no alert, no profile")
}

func TestMonitorGrowthAboveThresholdIsLeftToThresholdAlert(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetAlertThreshold(10)
	h.m.SetGrowthDetection(3, 2)
	h.m.Start()

	var reasons []MonitorAlertReason
	for _, c := range []int{20, 21, 22, 23} {
		reasons = append(reasons, monitorReasons(h.tick(c))...)
	}
	assert.Equal(t, []MonitorAlertReason{MonitorAlertThreshold}, reasons)
}

func TestMonitorReportStatistics(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetAlertThreshold(6)
	h.m.SetInterval(2 * time.Second)
	r := h.m.Report()
	assert.Zero(t, r.Samples)
	assert.Contains(t, r.String(), "no samples yet")

	h.m.Start()
	h.tick(3)
	h.tick(7)
	h.tick(5)
	r = h.m.Report()
	assert.True(t, r.Running)
	assert.Equal(t, int64(3), r.Samples)
	assert.Equal(t, 3, r.Min)
	assert.Equal(t, 7, r.Max)
	assert.InDelta(t, 5.0, r.Mean, 1e-9)
	assert.Equal(t, 5, r.Last)
	assert.Equal(t, h.now, r.LastSample)
	assert.Equal(t, int64(1), r.Alerts)
	assert.Equal(t, 3, r.Trend.Samples)
	assert.InDelta(t, 60.0, r.Trend.PerMinute, 1e-9, "3 to 5 over two seconds")

	text := r.String()
	for _, want := range []string{
		"goroutine monitor: running, every 2s, threshold 6",
		"samples 3: min 3, max 7, mean 5.0, last 5",
		"alerts 1 (threshold 1, growth 0, collected 0)",
		"7 example.com/svc.(*Server).handle.func1 at /src/svc/server.go:42",
	} {
		assert.Contains(t, text, want)
	}

	data, err := json.Marshal(r)
	require.NoError(t, err)
	var back MonitorReport
	require.NoError(t, json.Unmarshal(data, &back))
	assert.Equal(t, r, back, "the JSON form round-trips")

	h.m.Stop()
	assert.False(t, h.m.Report().Running)
}

func TestMonitorReportsCollectedStreams(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetGrowthDetection(0, 0)
	h.m.Start()
	require.NotNil(t, h.record, "Start subscribes to collected resources")

	h.record(track.Collected{Kind: "StreamingContext", Origin: "/src/a.go:10"})
	h.record(track.Collected{Kind: "StreamingContext", Origin: "/src/a.go:10"})
	h.record(track.Collected{Kind: "StreamingResultBuilder", Origin: "/src/b.go:20"})
	alerts := h.tick(5)
	require.Len(t, alerts, 1)
	assert.Equal(t, MonitorAlertCollected, alerts[0].Reason)
	assert.Equal(t, []MonitorCollectedSite{
		{Kind: "StreamingContext", Origin: "/src/a.go:10", Count: 2},
		{Kind: "StreamingResultBuilder", Origin: "/src/b.go:20", Count: 1},
	}, alerts[0].Collected)
	assert.Empty(t, alerts[0].TopSites, "a collected alert needs no goroutine profile")
	assert.Zero(t, h.profiles.Load())

	assert.Empty(t, h.tick(5), "each collected resource alerts once")
	h.record(track.Collected{Kind: "StreamingContext", Origin: "/src/a.go:10"})
	alerts = h.tick(5)
	require.Len(t, alerts, 1)
	assert.Equal(t, []MonitorCollectedSite{{Kind: "StreamingContext", Origin: "/src/a.go:10", Count: 1}}, alerts[0].Collected)

	r := h.m.Report()
	assert.Equal(t, int64(4), r.Collected)
	assert.Equal(t, int64(2), r.CollectedAlerts)
	assert.Equal(t, MonitorCollectedSite{Kind: "StreamingContext", Origin: "/src/a.go:10", Count: 3}, r.CollectedSites[0])
	assert.Contains(t, r.String(), "3 StreamingContext created at /src/a.go:10")

	h.m.Stop()
	assert.Nil(t, h.record, "Stop unsubscribes")
}

func TestMonitorLogsAlertsWithoutCallback(t *testing.T) {
	h := newMonitorHarness(t)
	var logs bytes.Buffer
	h.m.SetLogger(slog.New(slog.NewJSONHandler(&logs, nil)))
	h.m.SetAlertCallback(nil)
	h.m.SetGrowthDetection(0, 0)
	h.m.SetAlertThreshold(10)
	h.m.Start()
	h.tick(12)

	var entry struct {
		Level     string   `json:"level"`
		Msg       string   `json:"msg"`
		Count     int      `json:"count"`
		Threshold int      `json:"threshold"`
		TopSites  []string `json:"top_sites"`
	}
	require.NoError(t, json.Unmarshal(logs.Bytes(), &entry), logs.String())
	assert.Equal(t, "WARN", entry.Level)
	assert.Equal(t, "leak: goroutine count reached the alert threshold", entry.Msg)
	assert.Equal(t, 12, entry.Count)
	assert.Equal(t, 10, entry.Threshold)
	assert.Equal(t, []string{"7 example.com/svc.(*Server).handle.func1 at /src/svc/server.go:42"}, entry.TopSites)
}

func TestMonitorRefusesInvalidSettings(t *testing.T) {
	m := NewGoroutineMonitor()
	var logs bytes.Buffer
	m.SetLogger(slog.New(slog.NewTextHandler(&logs, nil)))

	m.SetInterval(0)
	m.SetAlertThreshold(-1)
	m.SetRealertInterval(-time.Second)
	m.SetGrowthDetection(2, 1)
	m.SetGrowthDetection(10, 0)

	r := m.Report()
	assert.Equal(t, MonitorDefaultInterval, r.Interval)
	assert.Zero(t, r.Threshold)
	assert.Equal(t, 5, strings.Count(logs.String(), "level=WARN"), logs.String())
	for _, want := range []string{
		"SetInterval: interval must be positive",
		"SetAlertThreshold: threshold must be positive, or 0 to disable",
		"SetRealertInterval: interval must be positive",
		"SetGrowthDetection: want window >= 3 samples and minRise >= 1",
	} {
		assert.Contains(t, logs.String(), want)
	}
}

func TestMonitorSetIntervalWhileRunningResetsTicker(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.Start()
	h.m.SetInterval(250 * time.Millisecond)
	select {
	case d := <-h.resets:
		assert.Equal(t, 250*time.Millisecond, d)
	case <-time.After(monitorTestWait):
		t.Fatal("the running monitor did not apply the new interval")
	}
	assert.Equal(t, 250*time.Millisecond, h.m.Report().Interval)
}

func TestMonitorStopIsIdempotentAndRestartable(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.Stop() // stopping a monitor that never started
	h.m.Start()
	h.m.Start() // a second Start must not start a second loop
	h.tick(1)
	h.m.Stop()
	h.m.Stop()
	select {
	case h.ticks <- time.Time{}:
		t.Fatal("a stopped monitor still takes ticks")
	default:
	}
	h.m.Start()
	h.tick(2)
	assert.Equal(t, int64(2), h.m.Report().Samples)
}

func TestMonitorZeroValueIsReady(t *testing.T) {
	var m GoroutineMonitor
	m.SetInterval(time.Millisecond)
	m.Start()
	assert.True(t, m.Report().Running)
	assert.Equal(t, time.Millisecond, m.Report().Interval)
	m.Stop()
	assert.False(t, m.Report().Running)
}

func TestMonitorStopFromTheCallback(t *testing.T) {
	h := newMonitorHarness(t)
	h.m.SetGrowthDetection(0, 0)
	h.m.SetAlertThreshold(1)
	h.m.SetAlertCallback(func(GoroutineSample) { h.m.Stop() })
	h.m.Start()
	h.tick(1) // returns only after the callback did: Stop did not deadlock

	deadline := time.Now().Add(monitorTestWait)
	for h.m.Report().Running {
		if time.Now().After(deadline) {
			t.Fatal("Stop called from the callback never stopped the monitor")
		}
		runtime.Gosched()
	}
}

// The public constants repeat the internal ones, so that go doc shows
// their values; they must not drift apart.
func TestMonitorPublicConstantsMatchTheMachinery(t *testing.T) {
	assert.Equal(t, monitor.DefaultInterval, MonitorDefaultInterval)
	assert.Equal(t, monitor.DefaultGrowthWindow, MonitorDefaultGrowthWindow)
	assert.Equal(t, monitor.DefaultGrowthRise, MonitorDefaultGrowthRise)
	assert.Equal(t, MonitorAlertReason(alert.Threshold), MonitorAlertThreshold)
	assert.Equal(t, MonitorAlertReason(alert.Growth), MonitorAlertGrowth)
	assert.Equal(t, MonitorAlertReason(alert.Collected), MonitorAlertCollected)
}
