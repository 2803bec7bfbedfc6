// Package monitor is the goroutine monitor's core: it turns each sample of
// the goroutine count into statistics and alerts, takes a goroutine
// profile only when an alert needs to say where goroutines come from, and
// hands alerts to a callback or to a logger. The public GoroutineMonitor
// wraps it and converts its types.
package monitor

import (
	"log/slog"
	"math"
	"runtime"
	"sync"
	"time"

	"github.com/leaklint/leaklint/internal/track"
	"github.com/leaklint/leaklint/runtime/internal/alert"
	"github.com/leaklint/leaklint/runtime/internal/collected"
	"github.com/leaklint/leaklint/runtime/internal/periodic"
	"github.com/leaklint/leaklint/runtime/internal/sites"
	"github.com/leaklint/leaklint/runtime/internal/trend"
)

// Defaults of a new monitor.
const (
	DefaultInterval     = time.Second
	DefaultGrowthWindow = 60  // samples: a minute at the default interval
	DefaultGrowthRise   = 100 // goroutines across the window
)

// TopSites is how many sites an alert and the report carry.
const TopSites = 10

// Sample is one alert: the public GoroutineSample's content.
type Sample struct {
	Time      time.Time
	Count     int
	Reason    alert.Reason
	Threshold int
	Trend     trend.Trend
	TopSites  []sites.Site
	Collected []collected.Site
}

// Monitor samples the goroutine count. Its methods are safe for concurrent
// use; make one with New.
type Monitor struct {
	loop *periodic.Loop

	mu       sync.Mutex
	running  bool
	interval time.Duration
	alerts   alert.Config
	callback func(Sample)
	logger   *slog.Logger
	stats    stats
	alerter  *alert.Alerter
	pending  collected.Set // collected since the last collected alert
	total    collected.Set // collected since the monitor was created
	unwatch  func()        // ends the subscription to collected resources

	// Seams for deterministic tests; New sets the production values.
	Now          func() time.Time
	NewTicker    func(time.Duration) periodic.Ticker
	Count        func() int
	Profile      func() ([]sites.Site, error)
	WatchCollect func(func(track.Collected)) (stop func())
	AfterSample  func()
}

// stats accumulates what Report shows. Guarded by the monitor's mu.
type stats struct {
	samples         int64
	min, max, last  int
	sum             float64
	lastTime        time.Time
	trend           trend.Trend
	thresholdAlerts int64
	growthAlerts    int64
	collectedAlerts int64
	topSites        []sites.Site
	topSitesTime    time.Time
}

// New returns a stopped monitor that samples every second, with threshold
// alerts disabled and growth detection on with its defaults.
func New() *Monitor {
	return &Monitor{
		loop:         periodic.New(),
		interval:     DefaultInterval,
		alerts:       alert.Config{GrowthWindow: DefaultGrowthWindow, GrowthRise: DefaultGrowthRise},
		alerter:      alert.New(),
		Now:          time.Now,
		NewTicker:    periodic.NewTicker,
		Count:        runtime.NumGoroutine,
		Profile:      ProfileSites,
		WatchCollect: collected.Watch,
	}
}

// ProfileSites takes one goroutine profile and returns its largest sites,
// leaving out the monitors' own goroutines, which are no lead to a leak.
func ProfileSites() ([]sites.Site, error) {
	return sites.Profile(TopSites, periodic.Function)
}

// SetInterval sets how often the monitor samples, at once, also while it
// runs. A non-positive interval is refused with a warning.
func (m *Monitor) SetInterval(d time.Duration) {
	m.mu.Lock()
	if d <= 0 {
		m.warnLocked("leak: GoroutineMonitor.SetInterval: interval must be positive, such as time.Second; keeping the current one",
			"refused", d, "interval", m.interval)
		m.mu.Unlock()
		return
	}
	m.interval = d
	m.mu.Unlock()
	m.loop.Retime()
}

// SetAlertThreshold sets the count at which the monitor alerts; 0
// disables threshold alerts, a negative n is refused with a warning.
func (m *Monitor) SetAlertThreshold(n int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n < 0 {
		m.warnLocked("leak: GoroutineMonitor.SetAlertThreshold: threshold must be positive, or 0 to disable threshold alerts; keeping the current one",
			"refused", n, "threshold", m.alerts.Threshold)
		return
	}
	m.alerts.Threshold = n
}

// SetRealertInterval makes an alert repeat while its condition lasts, at
// most once per d; a negative d is refused with a warning.
func (m *Monitor) SetRealertInterval(d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if d < 0 {
		m.warnLocked("leak: GoroutineMonitor.SetRealertInterval: interval must be positive, or 0 to alert again only after the condition clears; keeping the current one",
			"refused", d, "realert_interval", m.alerts.RealertAfter)
		return
	}
	m.alerts.RealertAfter = d
}

// SetGrowthDetection sets the growth window and the least rise across it;
// window 0 disables growth alerts, other windows below 3 or rises below 1
// are refused with a warning.
func (m *Monitor) SetGrowthDetection(window, minRise int) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if window != 0 && (window < 3 || minRise < 1) {
		m.warnLocked("leak: GoroutineMonitor.SetGrowthDetection: want window >= 3 samples and minRise >= 1 goroutine, or window 0 to disable; keeping the current setting",
			"refused_window", window, "refused_min_rise", minRise,
			"window", m.alerts.GrowthWindow, "min_rise", m.alerts.GrowthRise)
		return
	}
	m.alerts.GrowthWindow, m.alerts.GrowthRise = window, minRise
}

// SetCallback sets the function that receives alerts; nil logs them.
func (m *Monitor) SetCallback(fn func(Sample)) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.callback = fn
}

// SetLogger sets the logger for alerts without a callback and for refused
// settings; nil means slog.Default().
func (m *Monitor) SetLogger(l *slog.Logger) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logger = l
}

func (m *Monitor) loggerLocked() *slog.Logger {
	if m.logger != nil {
		return m.logger
	}
	return slog.Default()
}

func (m *Monitor) warnLocked(msg string, args ...any) {
	m.loggerLocked().Warn(msg, args...)
}

// Start begins sampling on a new goroutine; starting a running monitor
// does nothing.
func (m *Monitor) Start() {
	m.loop.Start(func() periodic.Ticker {
		m.mu.Lock()
		interval := m.interval
		m.running = true
		m.mu.Unlock()
		if m.WatchCollect != nil {
			m.unwatch = m.WatchCollect(m.recordCollected)
		}
		return m.NewTicker(interval)
	}, m.tick, func() time.Duration {
		m.mu.Lock()
		defer m.mu.Unlock()
		return m.interval
	})
}

// Stop ends sampling and returns once the monitor's goroutine has exited;
// called from the alert callback, it returns at once.
func (m *Monitor) Stop() {
	m.loop.Stop(func() {
		if m.unwatch != nil {
			m.unwatch()
			m.unwatch = nil
		}
		m.mu.Lock()
		m.running = false
		m.mu.Unlock()
	})
}

func (m *Monitor) tick() {
	m.Sample()
	if m.AfterSample != nil {
		m.AfterSample()
	}
}

// Sample takes one sample, updates the statistics and delivers the alerts
// it raises. Only an alert that needs to say where goroutines come from
// pays for a goroutine profile.
func (m *Monitor) Sample() {
	count := m.Count()
	now := m.Now()

	m.mu.Lock()
	s := &m.stats
	if s.samples == 0 || count < s.min {
		s.min = count
	}
	if s.samples == 0 || count > s.max {
		s.max = count
	}
	s.samples++
	s.sum += float64(count)
	s.last, s.lastTime = count, now
	reasons, tr := m.alerter.Observe(m.alerts, now, count)
	s.trend = tr
	var coll []collected.Site
	if m.pending.Total() > 0 {
		coll = m.pending.Top(m.pending.Origins())
		m.pending = collected.Set{}
		reasons = append(reasons, alert.Collected)
	}
	for _, r := range reasons {
		switch r {
		case alert.Threshold:
			s.thresholdAlerts++
		case alert.Growth:
			s.growthAlerts++
		case alert.Collected:
			s.collectedAlerts++
		}
	}
	threshold := m.alerts.Threshold
	m.mu.Unlock()

	if len(reasons) == 0 {
		return
	}
	var top []sites.Site
	if reasons[0] != alert.Collected { // a threshold or growth alert
		var err error
		top, err = m.Profile()
		m.mu.Lock()
		if err != nil {
			m.warnLocked("leak: GoroutineMonitor could not take a goroutine profile for an alert", "error", err)
		} else {
			s.topSites, s.topSitesTime = top, now
		}
		m.mu.Unlock()
	}

	for _, r := range reasons {
		a := Sample{Time: now, Count: count, Reason: r, Threshold: threshold, Trend: tr}
		if r == alert.Collected {
			a.Collected = coll
		} else {
			a.TopSites = top
		}
		m.deliver(a)
	}
}

// deliver hands an alert to the callback, or logs it when there is none.
func (m *Monitor) deliver(a Sample) {
	m.mu.Lock()
	cb, logger := m.callback, m.loggerLocked()
	m.mu.Unlock()
	if cb != nil {
		cb(a)
		return
	}
	switch a.Reason {
	case alert.Threshold:
		logger.Warn("leak: goroutine count reached the alert threshold",
			"count", a.Count, "threshold", a.Threshold, "top_sites", sites.Strings(a.TopSites))
	case alert.Growth:
		logger.Warn("leak: goroutine count is rising steadily",
			"count", a.Count, "per_minute", round(a.Trend.PerMinute), "rise", round(a.Trend.Rise),
			"window", a.Trend.Samples, "top_sites", sites.Strings(a.TopSites))
	case alert.Collected:
		logger.Warn("leak: stream resources were garbage-collected without being closed",
			"collected", collected.Strings(a.Collected))
	}
}

// round keeps one decimal, enough for a log line.
func round(x float64) float64 { return math.Round(x*10) / 10 }

// recordCollected runs on the runtime's cleanup goroutine: it only counts,
// and the monitor's own goroutine raises the alert at its next sample.
func (m *Monitor) recordCollected(c track.Collected) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending.Add(c)
	m.total.Add(c)
}
