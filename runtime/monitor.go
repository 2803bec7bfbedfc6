package leak

import (
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/collected"
	"github.com/leaklint/leaklint/runtime/internal/expose"
	"github.com/leaklint/leaklint/runtime/internal/monitor"
	"github.com/leaklint/leaklint/runtime/internal/sites"
	"github.com/leaklint/leaklint/runtime/internal/trend"
)

// The public face of the goroutine monitor: its types and methods. The
// machinery is under internal/: monitor (statistics and alert delivery),
// periodic (the sampling goroutine), alert and trend (when to alert),
// sites (where goroutines come from), collected (streams collected while
// open) and expose (HTTP and expvar).

// GoroutineSample is one measurement of the goroutine count. The monitor
// hands it to the alert callback, with Reason set and the fields that
// explain the alert filled in.
type GoroutineSample struct {
	Time  time.Time `json:"time"`
	Count int       `json:"count"`

	// Reason says why the callback received this sample.
	Reason MonitorAlertReason `json:"reason,omitempty"`
	// Threshold is the alert threshold in force, 0 when disabled.
	Threshold int `json:"threshold,omitempty"`
	// Trend is the growth trend over the growth window at this sample.
	Trend MonitorTrend `json:"trend"`
	// TopSites are the largest groups of goroutines, from one goroutine
	// profile taken for this alert. Set for threshold and growth alerts.
	TopSites []MonitorSite `json:"top_sites,omitempty"`
	// Collected lists the stream resources (StreamingContext,
	// StreamingResultBuilder) that the garbage collector reclaimed while
	// still open since the previous collected alert, grouped by where they
	// were created. Set for collected alerts.
	Collected []MonitorCollectedSite `json:"collected,omitempty"`
}

// Defaults of a new GoroutineMonitor.
const (
	MonitorDefaultInterval     = time.Second
	MonitorDefaultGrowthWindow = 60  // samples: a minute at the default interval
	MonitorDefaultGrowthRise   = 100 // goroutines across the window
)

// GoroutineMonitor samples the number of goroutines at a fixed interval and
// alerts when it reaches a threshold or keeps rising below it.
//
// A sample is one call to runtime.NumGoroutine: it neither stops the world
// nor walks stacks, so sampling every second costs next to nothing even with
// tens of thousands of goroutines. Only an alert takes a goroutine profile,
// to say where the goroutines come from.
//
// Alerts do not repeat while the condition lasts. A threshold alert fires
// when the count reaches the threshold and again only after the count has
// fallen back below the threshold by a tenth of it (at least 1), or when the
// re-alert interval set by SetRealertInterval has passed while it is still
// above. A growth alert fires when the count has risen steadily across the
// whole growth window (see SetGrowthDetection) while below the threshold,
// and again only after the rise has stopped, or after the re-alert interval.
// While running, the monitor also reports stream resources that were
// garbage-collected while still open (reason MonitorAlertCollected).
//
// Alerts go to the callback set by SetAlertCallback; without one they are
// logged through log/slog. The callback runs on the monitor's goroutine, one
// call at a time, so it must return promptly. It may call Stop: Stop then
// returns at once and the monitor stops as soon as the callback returns.
//
// All methods are safe for concurrent use, including setters while the
// monitor runs and Report during sampling.
type GoroutineMonitor struct {
	defaults sync.Once
	m        *monitor.Monitor
}

// NewGoroutineMonitor returns a stopped monitor that samples every second,
// with threshold alerts disabled and growth detection on with its defaults.
// The zero GoroutineMonitor is the same monitor.
func NewGoroutineMonitor() *GoroutineMonitor {
	m := &GoroutineMonitor{}
	m.ensureDefaults()
	return m
}

// ensureDefaults makes the zero value ready; every exported method calls it
// first.
func (m *GoroutineMonitor) ensureDefaults() {
	m.defaults.Do(func() { m.m = monitor.New() })
}

// SetInterval sets how often the monitor samples. It takes effect at once,
// also while the monitor runs. A non-positive interval is refused with a
// warning on the monitor's logger and the current interval is kept.
func (m *GoroutineMonitor) SetInterval(d time.Duration) {
	m.ensureDefaults()
	m.m.SetInterval(d)
}

// SetAlertThreshold sets the goroutine count at which the monitor alerts.
// Zero disables threshold alerts; a negative n is refused with a warning.
func (m *GoroutineMonitor) SetAlertThreshold(n int) {
	m.ensureDefaults()
	m.m.SetAlertThreshold(n)
}

// SetRealertInterval makes an alert repeat while its condition lasts, at
// most once per d. Zero, the default, repeats an alert only after its
// condition has cleared. A negative d is refused with a warning.
func (m *GoroutineMonitor) SetRealertInterval(d time.Duration) {
	m.ensureDefaults()
	m.m.SetRealertInterval(d)
}

// SetGrowthDetection sets what counts as sustained growth: over the last
// window samples, the goroutine count follows a steady upward line (one that
// explains at least 80% of the variation) that gains at least minRise
// goroutines. window 0 disables growth alerts; otherwise window must be at
// least 3 and minRise at least 1, or the call is refused with a warning.
func (m *GoroutineMonitor) SetGrowthDetection(window, minRise int) {
	m.ensureDefaults()
	m.m.SetGrowthDetection(window, minRise)
}

// SetAlertCallback sets the function that receives alerts. nil restores the
// default, which logs alerts through the monitor's logger.
func (m *GoroutineMonitor) SetAlertCallback(fn func(GoroutineSample)) {
	m.ensureDefaults()
	if fn == nil {
		m.m.SetCallback(nil)
		return
	}
	m.m.SetCallback(func(s monitor.Sample) { fn(publicSample(s)) })
}

// SetLogger sets the logger for alerts without a callback and for refused
// settings. nil restores slog.Default().
func (m *GoroutineMonitor) SetLogger(l *slog.Logger) {
	m.ensureDefaults()
	m.m.SetLogger(l)
}

// Start begins sampling on a new goroutine. Starting a running monitor does
// nothing.
func (m *GoroutineMonitor) Start() {
	m.ensureDefaults()
	m.m.Start()
}

// Stop ends sampling and returns once the monitor's goroutine has exited.
// It is idempotent, and the monitor can be started again. Called from the
// alert callback, it returns at once and the monitor stops when the callback
// returns.
func (m *GoroutineMonitor) Stop() {
	m.ensureDefaults()
	m.m.Stop()
}

// MonitorAlertReason says why the alert callback received a sample.
type MonitorAlertReason string

const (
	// MonitorAlertThreshold: the goroutine count reached the alert
	// threshold, or is still above it when the re-alert interval elapsed.
	MonitorAlertThreshold MonitorAlertReason = "threshold"
	// MonitorAlertGrowth: the count is below the threshold but has been
	// rising steadily over the whole growth window: a leak in the making.
	MonitorAlertGrowth MonitorAlertReason = "growth"
	// MonitorAlertCollected: the garbage collector reclaimed stream
	// resources that were never closed (see GoroutineSample.Collected).
	MonitorAlertCollected MonitorAlertReason = "collected"
)

// MonitorTrend describes how the goroutine count moved over the growth
// window: a least-squares line through the samples in it.
type MonitorTrend struct {
	// PerMinute is the slope of the fitted line, in goroutines per minute.
	PerMinute float64 `json:"per_minute"`
	// Fit is the coefficient of determination of the line (0 to 1): near 1
	// for a steady rise or fall, near 0 for noise.
	Fit float64 `json:"fit"`
	// Samples is how many samples the window holds.
	Samples int `json:"samples"`
	// Rise is how many goroutines the fitted line gained across the window.
	Rise float64 `json:"rise"`
	// Growing reports whether the window shows sustained growth as defined
	// by SetGrowthDetection.
	Growing bool `json:"growing"`
}

// MonitorCollectedSite counts the stream resources of one kind, created at
// one place, that the garbage collector reclaimed while they were still
// open: each is a Close that never happened.
type MonitorCollectedSite struct {
	Kind   string `json:"kind"`   // "StreamingContext" or "StreamingResultBuilder"
	Origin string `json:"origin"` // the creator's file:line; empty when unknown
	Count  int    `json:"count"`
}

// MonitorSite is a group of goroutines that run the same function and stand
// at the same line of it.
//
// Function is the goroutine's entry function, the one its go statement
// started (a closure is named after the function that wrote it, as in
// "pkg.Serve.func1"), so it points at the code that creates the goroutines.
// Location is the file:line inside Function where they currently are.
type MonitorSite struct {
	Function string `json:"function"`
	Location string `json:"location"`
	Count    int    `json:"count"`
}

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
	return publicReport(m.m.Report())
}

// String renders the report for logs and terminals.
func (r MonitorReport) String() string { return internalReport(r).String() }

// Handler returns an http.Handler that serves the monitor's Report as JSON
// to GET and HEAD requests, for example under /debug/goroutines.
func (m *GoroutineMonitor) Handler() http.Handler {
	return expose.Handler(func() any { return m.Report() })
}

// PublishExpvar publishes the monitor's Report under name in expvar, so that
// /debug/vars shows it. expvar names are global to the process and cannot be
// removed, so publish each monitor once, under a name nothing else uses.
func (m *GoroutineMonitor) PublishExpvar(name string) (err error) {
	return expose.Expvar(name, func() any { return m.Report() })
}

// The internal types hold the public ones' fields in the same order, so
// each converts to the other; only slices need a loop.

func publicSample(s monitor.Sample) GoroutineSample {
	return GoroutineSample{
		Time:      s.Time,
		Count:     s.Count,
		Reason:    MonitorAlertReason(s.Reason),
		Threshold: s.Threshold,
		Trend:     MonitorTrend(s.Trend),
		TopSites:  publicSites(s.TopSites),
		Collected: publicCollected(s.Collected),
	}
}

func publicReport(r monitor.Report) MonitorReport {
	return MonitorReport{
		Running:         r.Running,
		Interval:        r.Interval,
		Threshold:       r.Threshold,
		Samples:         r.Samples,
		Min:             r.Min,
		Max:             r.Max,
		Mean:            r.Mean,
		Last:            r.Last,
		LastSample:      r.LastSample,
		Alerts:          r.Alerts,
		ThresholdAlerts: r.ThresholdAlerts,
		GrowthAlerts:    r.GrowthAlerts,
		CollectedAlerts: r.CollectedAlerts,
		Trend:           MonitorTrend(r.Trend),
		TopSites:        publicSites(r.TopSites),
		TopSitesTime:    r.TopSitesTime,
		Collected:       r.Collected,
		CollectedSites:  publicCollected(r.CollectedSites),
	}
}

func internalReport(r MonitorReport) monitor.Report {
	return monitor.Report{
		Running:         r.Running,
		Interval:        r.Interval,
		Threshold:       r.Threshold,
		Samples:         r.Samples,
		Min:             r.Min,
		Max:             r.Max,
		Mean:            r.Mean,
		Last:            r.Last,
		LastSample:      r.LastSample,
		Alerts:          r.Alerts,
		ThresholdAlerts: r.ThresholdAlerts,
		GrowthAlerts:    r.GrowthAlerts,
		CollectedAlerts: r.CollectedAlerts,
		Trend:           trend.Trend(r.Trend),
		TopSites:        internalSites(r.TopSites),
		TopSitesTime:    r.TopSitesTime,
		Collected:       r.Collected,
		CollectedSites:  internalCollected(r.CollectedSites),
	}
}

// convertSlice converts each element of s with conv, keeping nil nil, as
// the JSON and the tests see it. The public and internal site types share
// one layout, so conv is a plain type conversion.
func convertSlice[To, From any](s []From, conv func(From) To) []To {
	if s == nil {
		return nil
	}
	out := make([]To, len(s))
	for i, x := range s {
		out[i] = conv(x)
	}
	return out
}

func publicSites(s []sites.Site) []MonitorSite {
	return convertSlice(s, func(x sites.Site) MonitorSite { return MonitorSite(x) })
}

func internalSites(s []MonitorSite) []sites.Site {
	return convertSlice(s, func(x MonitorSite) sites.Site { return sites.Site(x) })
}

func publicCollected(s []collected.Site) []MonitorCollectedSite {
	return convertSlice(s, func(x collected.Site) MonitorCollectedSite { return MonitorCollectedSite(x) })
}

func internalCollected(s []MonitorCollectedSite) []collected.Site {
	return convertSlice(s, func(x MonitorCollectedSite) collected.Site { return collected.Site(x) })
}
