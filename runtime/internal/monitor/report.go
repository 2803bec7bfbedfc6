package monitor

import (
	"fmt"
	"strings"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/collected"
	"github.com/leaklint/leaklint/runtime/internal/sites"
	"github.com/leaklint/leaklint/runtime/internal/trend"
)

// Report is the public MonitorReport's content.
type Report struct {
	Running   bool
	Interval  time.Duration
	Threshold int

	Samples    int64
	Min        int
	Max        int
	Mean       float64
	Last       int
	LastSample time.Time

	Alerts          int64
	ThresholdAlerts int64
	GrowthAlerts    int64
	CollectedAlerts int64

	Trend trend.Trend

	TopSites     []sites.Site
	TopSitesTime time.Time

	Collected      int64
	CollectedSites []collected.Site
}

// Report returns a snapshot of the monitor's statistics.
func (m *Monitor) Report() Report {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.stats
	r := Report{
		Running:         m.running,
		Interval:        m.interval,
		Threshold:       m.alerts.Threshold,
		Samples:         s.samples,
		Min:             s.min,
		Max:             s.max,
		Last:            s.last,
		LastSample:      s.lastTime,
		ThresholdAlerts: s.thresholdAlerts,
		GrowthAlerts:    s.growthAlerts,
		CollectedAlerts: s.collectedAlerts,
		Alerts:          s.thresholdAlerts + s.growthAlerts + s.collectedAlerts,
		Trend:           s.trend,
		TopSites:        append([]sites.Site(nil), s.topSites...),
		TopSitesTime:    s.topSitesTime,
		Collected:       m.total.Total(),
		CollectedSites:  m.total.Top(TopSites),
	}
	if s.samples > 0 {
		r.Mean = s.sum / float64(s.samples)
	}
	if len(r.CollectedSites) == 0 {
		r.CollectedSites = nil
	}
	return r
}

// String renders the report for logs and terminals.
func (r Report) String() string {
	var b strings.Builder
	state := "stopped"
	if r.Running {
		state = "running"
	}
	threshold := "no threshold"
	if r.Threshold > 0 {
		threshold = fmt.Sprintf("threshold %d", r.Threshold)
	}
	fmt.Fprintf(&b, "goroutine monitor: %s, every %v, %s\n", state, r.Interval, threshold)
	if r.Samples == 0 {
		b.WriteString("no samples yet\n")
	} else {
		fmt.Fprintf(&b, "samples %d: min %d, max %d, mean %.1f, last %d\n", r.Samples, r.Min, r.Max, r.Mean, r.Last)
		growing := ""
		if r.Trend.Growing {
			growing = ", growing"
		}
		fmt.Fprintf(&b, "trend: %+.1f/min over %d samples (fit %.2f)%s\n", r.Trend.PerMinute, r.Trend.Samples, r.Trend.Fit, growing)
	}
	fmt.Fprintf(&b, "alerts %d (threshold %d, growth %d, collected %d)\n", r.Alerts, r.ThresholdAlerts, r.GrowthAlerts, r.CollectedAlerts)
	if len(r.TopSites) > 0 {
		fmt.Fprintf(&b, "top goroutine sites at %s:\n", r.TopSitesTime.Format(time.RFC3339))
		for _, s := range sites.Strings(r.TopSites) {
			fmt.Fprintf(&b, "\t%s\n", s)
		}
	}
	if r.Collected > 0 {
		fmt.Fprintf(&b, "collected while open: %d\n", r.Collected)
		for _, s := range collected.Strings(r.CollectedSites) {
			fmt.Fprintf(&b, "\t%s\n", s)
		}
	}
	return b.String()
}
