// Package prometheus exports a leaklint GoroutineMonitor's report as
// Prometheus metrics. It is its own module so that the core leaklint module
// stays free of dependencies.
//
//	m := leak.NewGoroutineMonitor()
//	m.Start()
//	prometheus.MustRegister(leakprom.NewMonitorCollector(m))
package prometheus

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"

	leak "github.com/leaklint/leaklint/runtime"
)

// MonitorCollector is a prometheus.Collector that reads the monitor's Report
// at every scrape, so it costs nothing between scrapes.
type MonitorCollector struct {
	monitor *leak.GoroutineMonitor

	goroutines *prometheus.Desc
	samples    *prometheus.Desc
	alerts     *prometheus.Desc
	trend      *prometheus.Desc
	growing    *prometheus.Desc
	collected  *prometheus.Desc
}

// NewMonitorCollector returns a collector for m. Register it once per
// monitor; a nil monitor is an error at registration, not a panic at scrape.
func NewMonitorCollector(m *leak.GoroutineMonitor) *MonitorCollector {
	return &MonitorCollector{
		monitor: m,
		goroutines: prometheus.NewDesc("leaklint_goroutines",
			"Goroutines at the monitor's latest sample.", nil, nil),
		samples: prometheus.NewDesc("leaklint_goroutine_samples_total",
			"Samples the goroutine monitor has taken.", nil, nil),
		alerts: prometheus.NewDesc("leaklint_goroutine_alerts_total",
			"Alerts the goroutine monitor has fired, by reason.", []string{"reason"}, nil),
		trend: prometheus.NewDesc("leaklint_goroutine_trend_per_minute",
			"Slope of the goroutine count over the growth window, in goroutines per minute.", nil, nil),
		growing: prometheus.NewDesc("leaklint_goroutine_growing",
			"1 while the goroutine count rises steadily over the growth window, else 0.", nil, nil),
		collected: prometheus.NewDesc("leaklint_stream_collected_open_total",
			"Stream resources garbage-collected without being closed.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *MonitorCollector) Describe(ch chan<- *prometheus.Desc) {
	if c.monitor == nil {
		ch <- prometheus.NewInvalidDesc(errors.New("leaklint: NewMonitorCollector called with a nil monitor; pass the *leak.GoroutineMonitor to export"))
		return
	}
	for _, d := range []*prometheus.Desc{c.goroutines, c.samples, c.alerts, c.trend, c.growing, c.collected} {
		ch <- d
	}
}

// Collect implements prometheus.Collector.
func (c *MonitorCollector) Collect(ch chan<- prometheus.Metric) {
	if c.monitor == nil {
		return
	}
	r := c.monitor.Report()
	growing := 0.0
	if r.Trend.Growing {
		growing = 1
	}
	ch <- prometheus.MustNewConstMetric(c.goroutines, prometheus.GaugeValue, float64(r.Last))
	ch <- prometheus.MustNewConstMetric(c.samples, prometheus.CounterValue, float64(r.Samples))
	ch <- prometheus.MustNewConstMetric(c.alerts, prometheus.CounterValue, float64(r.ThresholdAlerts), string(leak.MonitorAlertThreshold))
	ch <- prometheus.MustNewConstMetric(c.alerts, prometheus.CounterValue, float64(r.GrowthAlerts), string(leak.MonitorAlertGrowth))
	ch <- prometheus.MustNewConstMetric(c.alerts, prometheus.CounterValue, float64(r.CollectedAlerts), string(leak.MonitorAlertCollected))
	ch <- prometheus.MustNewConstMetric(c.trend, prometheus.GaugeValue, r.Trend.PerMinute)
	ch <- prometheus.MustNewConstMetric(c.growing, prometheus.GaugeValue, growing)
	ch <- prometheus.MustNewConstMetric(c.collected, prometheus.CounterValue, float64(r.Collected))
}
