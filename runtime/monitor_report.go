package leak

import (
	"fmt"
	"strings"
	"time"
)

// MonitorReport summarises what a GoroutineMonitor has seen since it was
// created. It prints with String and marshals to JSON.
type MonitorReport struct {
	Running   bool          `json:"running"`
	Interval  time.Duration `json:"interval_ns"`
	Threshold int           `json:"threshold"` // 0: threshold alerts disabled

	Samples    int64     `json:"samples"`
	Min        int       `json:"min"`
	Max        int       `json:"max"`
	Mean       float64   `json:"mean"`
	Last       int       `json:"last"`
	LastSample time.Time `json:"last_sample,omitzero"`

	// Alerts is the number of alerts fired, the sum of the three below.
	Alerts          int64 `json:"alerts"`
	ThresholdAlerts int64 `json:"threshold_alerts"`
	GrowthAlerts    int64 `json:"growth_alerts"`
	CollectedAlerts int64 `json:"collected_alerts"`

	Trend MonitorTrend `json:"trend"`

	// TopSites are the largest goroutine groups from the profile taken at
	// the latest threshold or growth alert, at TopSitesTime.
	TopSites     []MonitorSite `json:"top_sites,omitempty"`
	TopSitesTime time.Time     `json:"top_sites_time,omitzero"`

	// Collected counts the stream resources garbage-collected while still
	// open; CollectedSites are the largest groups of them by origin.
	Collected      int64                  `json:"collected"`
	CollectedSites []MonitorCollectedSite `json:"collected_sites,omitempty"`
}

// Report returns a snapshot of the monitor's statistics. It is safe to call
// at any time, also while a sample is being taken.
func (m *GoroutineMonitor) Report() MonitorReport {
	m.ensureDefaults()
	m.mu.Lock()
	defer m.mu.Unlock()
	s := &m.stats
	r := MonitorReport{
		Running:         m.running,
		Interval:        m.interval,
		Threshold:       m.alerts.threshold,
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
		TopSites:        append([]MonitorSite(nil), s.topSites...),
		TopSitesTime:    s.topSitesTime,
		Collected:       m.total.total,
		CollectedSites:  m.total.top(monitorTopSites),
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
func (r MonitorReport) String() string {
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
		for _, s := range monitorSiteStrings(r.TopSites) {
			fmt.Fprintf(&b, "\t%s\n", s)
		}
	}
	if r.Collected > 0 {
		fmt.Fprintf(&b, "collected while open: %d\n", r.Collected)
		for _, s := range monitorCollectedStrings(r.CollectedSites) {
			fmt.Fprintf(&b, "\t%s\n", s)
		}
	}
	return b.String()
}

func monitorSiteStrings(sites []MonitorSite) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = fmt.Sprintf("%d %s at %s", s.Count, s.Function, s.Location)
	}
	return out
}
