package monitor

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/alert"
	"github.com/leaklint/leaklint/runtime/internal/collected"
	"github.com/leaklint/leaklint/runtime/internal/sites"
)

// fake returns a monitor whose samples are driven by the test, called
// directly instead of from the sampling goroutine.
func fake(counts *int, now *time.Time, alerts *[]Sample) *Monitor {
	m := New()
	m.Count = func() int { return *counts }
	m.Now = func() time.Time { *now = now.Add(time.Second); return *now }
	m.Profile = func() ([]sites.Site, error) {
		return []sites.Site{{Function: "main.worker", Location: "/a.go:7", Count: *counts}}, nil
	}
	m.SetCallback(func(s Sample) { *alerts = append(*alerts, s) })
	return m
}

func TestSampleStatisticsAndAlerts(t *testing.T) {
	var (
		count  int
		now    = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
		alerts []Sample
	)
	m := fake(&count, &now, &alerts)
	m.SetGrowthDetection(0, 0)
	m.SetAlertThreshold(10)
	for _, c := range []int{4, 12, 8} {
		count = c
		m.Sample()
	}
	require.Len(t, alerts, 1)
	assert.Equal(t, alert.Threshold, alerts[0].Reason)
	assert.Equal(t, 12, alerts[0].Count)
	assert.Equal(t, []sites.Site{{Function: "main.worker", Location: "/a.go:7", Count: 12}}, alerts[0].TopSites)

	r := m.Report()
	assert.Equal(t, int64(3), r.Samples)
	assert.Equal(t, 4, r.Min)
	assert.Equal(t, 12, r.Max)
	assert.InDelta(t, 8.0, r.Mean, 1e-9)
	assert.Equal(t, int64(1), r.Alerts)
	assert.Equal(t, alerts[0].TopSites, r.TopSites)
	assert.Equal(t, alerts[0].Time, r.TopSitesTime)
	assert.Contains(t, r.String(), "12 main.worker at /a.go:7")
}

func TestCollectedAlertTakesNoProfile(t *testing.T) {
	var (
		count  = 1
		now    time.Time
		alerts []Sample
	)
	m := fake(&count, &now, &alerts)
	m.Profile = func() ([]sites.Site, error) { t.Error("a collected alert took a profile"); return nil, nil }
	m.recordCollected(track.Collected{Kind: "StreamingContext", Origin: "/a.go:1"})
	m.Sample()
	require.Len(t, alerts, 1)
	assert.Equal(t, alert.Collected, alerts[0].Reason)
	assert.Equal(t, []collected.Site{{Kind: "StreamingContext", Origin: "/a.go:1", Count: 1}}, alerts[0].Collected)
	m.Sample()
	assert.Len(t, alerts, 1, "each collected resource alerts once")
	assert.Equal(t, int64(1), m.Report().Collected)
}

func TestProfileErrorIsLoggedAndTheAlertStillDelivered(t *testing.T) {
	var (
		count  = 50
		now    time.Time
		alerts []Sample
		logs   bytes.Buffer
	)
	m := fake(&count, &now, &alerts)
	m.SetLogger(slog.New(slog.NewTextHandler(&logs, nil)))
	m.Profile = func() ([]sites.Site, error) { return nil, errors.New("no profile") }
	m.SetAlertThreshold(10)
	m.Sample()
	require.Len(t, alerts, 1)
	assert.Nil(t, alerts[0].TopSites)
	assert.Contains(t, logs.String(), "could not take a goroutine profile")
	assert.Contains(t, logs.String(), "no profile")
}

func TestLogsEachReasonWithoutCallback(t *testing.T) {
	var (
		count int
		now   time.Time
		logs  bytes.Buffer
	)
	m := fake(&count, &now, new([]Sample))
	m.SetCallback(nil)
	m.SetLogger(slog.New(slog.NewTextHandler(&logs, nil)))
	m.SetGrowthDetection(3, 2)
	for _, c := range []int{10, 12, 14} {
		count = c
		m.Sample()
	}
	m.SetAlertThreshold(15)
	count = 20
	m.recordCollected(track.Collected{Kind: "StreamingContext"})
	m.Sample()
	for _, want := range []string{
		"goroutine count is rising steadily",
		"goroutine count reached the alert threshold",
		"stream resources were garbage-collected without being closed",
		"1 StreamingContext created at unknown origin",
	} {
		assert.Contains(t, logs.String(), want)
	}
}

func TestProfileSitesLeavesOutTheMonitor(t *testing.T) {
	m := New()
	m.SetInterval(time.Hour)
	m.Start()
	defer m.Stop()
	top, err := ProfileSites()
	require.NoError(t, err)
	assert.LessOrEqual(t, len(top), TopSites)
	for _, s := range top {
		assert.NotContains(t, s.Function, "periodic.(*Loop).run")
	}
}
