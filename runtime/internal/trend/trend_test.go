package trend

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

var t0 = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func fit(size, minRise int, counts ...int) Trend {
	var w Window
	for i, c := range counts {
		w.Push(size, t0.Add(time.Duration(i)*time.Second), c)
	}
	return w.Fit(size, minRise)
}

func TestSteadyRiseIsGrowth(t *testing.T) {
	tr := fit(5, 10, 100, 105, 110, 115, 120)
	assert.True(t, tr.Growing, "%+v", tr)
	assert.Equal(t, 5, tr.Samples)
	assert.InDelta(t, 300.0, tr.PerMinute, 1e-9)
	assert.InDelta(t, 20.0, tr.Rise, 1e-9)
	assert.InDelta(t, 1.0, tr.Fit, 1e-9)
}

func TestNoGrowth(t *testing.T) {
	for name, tr := range map[string]Trend{
		"noise":           fit(6, 1, 100, 140, 90, 150, 95, 145),
		"small rise":      fit(5, 100, 100, 105, 110, 115, 120),
		"window not full": fit(10, 1, 100, 105, 110),
		"falling":         fit(5, 1, 120, 115, 110, 105, 100),
		"disabled":        fit(0, 1, 100, 105, 110),
	} {
		assert.False(t, tr.Growing, "%s: %+v", name, tr)
	}
}

func TestWindowKeepsTheLatest(t *testing.T) {
	// A fall and then a steady rise: only the rise is in a window of 4.
	tr := fit(4, 3, 500, 0, 10, 20, 30, 40)
	assert.Equal(t, 4, tr.Samples)
	assert.True(t, tr.Growing, "%+v", tr)
	assert.Equal(t, 2, fit(0, 1, 1, 2, 3).Samples, "the window keeps two points even when growth detection is off")
}

func TestOneInstantHasNoSlope(t *testing.T) {
	var w Window
	w.Push(3, t0, 1)
	w.Push(3, t0, 5)
	assert.Equal(t, Trend{Samples: 2}, w.Fit(3, 1))
	assert.Equal(t, Trend{}, new(Window).Fit(3, 1))
}
