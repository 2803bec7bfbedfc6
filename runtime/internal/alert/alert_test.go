package alert

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// run feeds counts one second apart and returns the reasons each raised.
func run(a *Alerter, cfg Config, counts ...int) [][]Reason {
	out := make([][]Reason, len(counts))
	for i, c := range counts {
		out[i], _ = a.Observe(cfg, t0.Add(time.Duration(i)*time.Second), c)
	}
	return out
}

func TestRearmLevel(t *testing.T) {
	assert.Equal(t, 90, RearmLevel(100))
	assert.Equal(t, 4, RearmLevel(5), "the band is at least one goroutine")
}

func TestThresholdAlertsOnceUntilRearmed(t *testing.T) {
	cfg := Config{Threshold: 100}
	got := run(New(), cfg, 99, 100, 120, 95, 101, 89, 100)
	assert.Equal(t, [][]Reason{nil, {Threshold}, nil, nil, nil, nil, {Threshold}}, got,
		"95 is within the band below 100; 89 re-arms")
}

func TestRealertAfterInterval(t *testing.T) {
	cfg := Config{Threshold: 10, RealertAfter: 2 * time.Second}
	got := run(New(), cfg, 10, 11, 12, 13)
	assert.Equal(t, [][]Reason{{Threshold}, nil, {Threshold}, nil}, got)
}

func TestGrowthBelowThresholdOnly(t *testing.T) {
	cfg := Config{GrowthWindow: 3, GrowthRise: 2}
	got := run(New(), cfg, 10, 12, 14, 16, 16, 16, 18, 20, 22)
	assert.Equal(t, [][]Reason{nil, nil, {Growth}, nil, nil, nil, nil, {Growth}, nil}, got,
		"growth alerts once, re-arms when the rise stops")

	cfg.Threshold = 15
	got = run(New(), cfg, 10, 12, 14, 16, 18)
	assert.Equal(t, [][]Reason{nil, nil, {Growth}, {Threshold}, nil}, got,
		"above the threshold the threshold alert speaks for the growth")
}

func TestObserveReturnsTheTrend(t *testing.T) {
	a := New()
	a.Observe(Config{GrowthWindow: 3, GrowthRise: 1}, t0, 1)
	_, tr := a.Observe(Config{GrowthWindow: 3, GrowthRise: 1}, t0.Add(time.Second), 2)
	assert.Equal(t, 2, tr.Samples)
	assert.InDelta(t, 60.0, tr.PerMinute, 1e-9)
}
