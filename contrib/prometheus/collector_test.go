package prometheus

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	leak "github.com/leaklint/leaklint/runtime"
)

// stoppedMonitorWithSamples runs a real monitor until it has sampled a few
// times, then stops it so that its report no longer changes.
func stoppedMonitorWithSamples(t *testing.T) *leak.GoroutineMonitor {
	t.Helper()
	m := leak.NewGoroutineMonitor()
	m.SetInterval(time.Millisecond)
	m.SetAlertThreshold(1) // every test binary has a goroutine: one alert
	m.SetAlertCallback(func(leak.GoroutineSample) {})
	m.Start()
	deadline := time.Now().Add(10 * time.Second)
	for m.Report().Samples < 3 {
		if time.Now().After(deadline) {
			t.Fatal("the monitor took no samples")
		}
		runtime.Gosched()
	}
	m.Stop()
	return m
}

func TestMonitorCollectorExportsTheReport(t *testing.T) {
	m := stoppedMonitorWithSamples(t)
	r := m.Report()
	growing := 0
	if r.Trend.Growing {
		growing = 1
	}
	want := fmt.Sprintf(`
# HELP leaklint_goroutine_alerts_total Alerts the goroutine monitor has fired, by reason.
# TYPE leaklint_goroutine_alerts_total counter
leaklint_goroutine_alerts_total{reason="collected"} %d
leaklint_goroutine_alerts_total{reason="growth"} %d
leaklint_goroutine_alerts_total{reason="threshold"} %d
# HELP leaklint_goroutine_growing 1 while the goroutine count rises steadily over the growth window, else 0.
# TYPE leaklint_goroutine_growing gauge
leaklint_goroutine_growing %d
# HELP leaklint_goroutine_samples_total Samples the goroutine monitor has taken.
# TYPE leaklint_goroutine_samples_total counter
leaklint_goroutine_samples_total %d
# HELP leaklint_goroutine_trend_per_minute Slope of the goroutine count over the growth window, in goroutines per minute.
# TYPE leaklint_goroutine_trend_per_minute gauge
leaklint_goroutine_trend_per_minute %v
# HELP leaklint_goroutines Goroutines at the monitor's latest sample.
# TYPE leaklint_goroutines gauge
leaklint_goroutines %d
# HELP leaklint_stream_collected_open_total Stream resources garbage-collected without being closed.
# TYPE leaklint_stream_collected_open_total counter
leaklint_stream_collected_open_total %d
`, r.CollectedAlerts, r.GrowthAlerts, r.ThresholdAlerts, growing, r.Samples, r.Trend.PerMinute, r.Last, r.Collected)

	c := NewMonitorCollector(m)
	if err := testutil.CollectAndCompare(c, strings.NewReader(want),
		"leaklint_goroutine_alerts_total", "leaklint_goroutine_growing", "leaklint_goroutine_samples_total",
		"leaklint_goroutine_trend_per_minute", "leaklint_goroutines", "leaklint_stream_collected_open_total"); err != nil {
		t.Fatal(err)
	}
	if r.ThresholdAlerts != 1 || r.Last < 1 {
		t.Fatalf("the monitor should have alerted once on a positive count: %v", r)
	}
}

func TestMonitorCollectorRegistersCleanly(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	if err := reg.Register(NewMonitorCollector(leak.NewGoroutineMonitor())); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.Gather(); err != nil {
		t.Fatal(err)
	}
}

func TestMonitorCollectorRejectsNilMonitor(t *testing.T) {
	err := prometheus.NewRegistry().Register(NewMonitorCollector(nil))
	if err == nil || !strings.Contains(err.Error(), "NewMonitorCollector called with a nil monitor") {
		t.Fatalf("Register = %v, want the nil-monitor error", err)
	}
}
