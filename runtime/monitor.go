package leak

import (
	"bytes"
	"log/slog"
	"math"
	goruntime "runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/leaklint/leaklint/internal/track"
)

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

	// life serialises Start and Stop, so that a Stop racing a Start either
	// stops the loop it started or finds nothing to stop.
	life    sync.Mutex
	stop    chan struct{} // nil while stopped
	done    chan struct{}
	unwatch func() // ends the subscription to collected stream resources

	// loopGoroutine is the id of the running loop's goroutine, 0 when none:
	// Stop called from the alert callback must not wait for itself.
	loopGoroutine atomic.Uint64

	// intervalChanged wakes the loop to apply a new interval.
	intervalChanged chan struct{}

	mu       sync.Mutex
	running  bool
	interval time.Duration
	alerts   monitorAlertConfig
	callback func(GoroutineSample)
	logger   *slog.Logger
	stats    monitorStats
	alerter  *monitorAlerter
	pending  monitorCollectedSet // collected since the last collected alert
	total    monitorCollectedSet // collected since the monitor was created

	// Seams for deterministic tests; production values are set by
	// NewGoroutineMonitor and never changed.
	now          func() time.Time
	newTicker    func(time.Duration) monitorTicker
	count        func() int
	profile      func() ([]MonitorSite, error)
	watchCollect func(func(track.Collected)) (stop func())
	afterSample  func()
}

// monitorStats accumulates what Report shows. Guarded by the monitor's mu.
type monitorStats struct {
	samples         int64
	min, max, last  int
	sum             float64
	lastTime        time.Time
	trend           MonitorTrend
	thresholdAlerts int64
	growthAlerts    int64
	collectedAlerts int64
	topSites        []MonitorSite
	topSitesTime    time.Time
}

// monitorTicker is the part of *time.Ticker the loop uses.
type monitorTicker interface {
	C() <-chan time.Time
	Reset(time.Duration)
	Stop()
}

type monitorRealTicker struct{ *time.Ticker }

func (t monitorRealTicker) C() <-chan time.Time { return t.Ticker.C }

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
	m.defaults.Do(func() {
		m.intervalChanged = make(chan struct{}, 1)
		m.interval = MonitorDefaultInterval
		m.alerts = monitorAlertConfig{growthWindow: MonitorDefaultGrowthWindow, growthRise: MonitorDefaultGrowthRise}
		m.alerter = newMonitorAlerter()
		m.now = time.Now
		m.newTicker = func(d time.Duration) monitorTicker { return monitorRealTicker{time.NewTicker(d)} }
		m.count = goruntime.NumGoroutine
		m.profile = monitorProfileSites
		m.watchCollect = monitorWatchCollected
	})
}

// SetInterval sets how often the monitor samples. It takes effect at once,
// also while the monitor runs. A non-positive interval is refused with a
// warning on the monitor's logger and the current interval is kept.
func (m *GoroutineMonitor) SetInterval(d time.Duration) {
	m.ensureDefaults()
	m.mu.Lock()
	if d <= 0 {
		m.warnLocked("leak: GoroutineMonitor.SetInterval: interval must be positive, such as time.Second; keeping the current one",
			"refused", d, "interval", m.interval)
		m.mu.Unlock()
		return
	}
	m.interval = d
	m.mu.Unlock()
	select {
	case m.intervalChanged <- struct{}{}:
	default: // a change is already pending; the loop reads the latest interval
	}
}

// SetAlertThreshold sets the goroutine count at which the monitor alerts.
// Zero disables threshold alerts; a negative n is refused with a warning.
func (m *GoroutineMonitor) SetAlertThreshold(n int) {
	m.ensureDefaults()
	m.mu.Lock()
	defer m.mu.Unlock()
	if n < 0 {
		m.warnLocked("leak: GoroutineMonitor.SetAlertThreshold: threshold must be positive, or 0 to disable threshold alerts; keeping the current one",
			"refused", n, "threshold", m.alerts.threshold)
		return
	}
	m.alerts.threshold = n
}

// SetRealertInterval makes an alert repeat while its condition lasts, at
// most once per d. Zero, the default, repeats an alert only after its
// condition has cleared. A negative d is refused with a warning.
func (m *GoroutineMonitor) SetRealertInterval(d time.Duration) {
	m.ensureDefaults()
	m.mu.Lock()
	defer m.mu.Unlock()
	if d < 0 {
		m.warnLocked("leak: GoroutineMonitor.SetRealertInterval: interval must be positive, or 0 to alert again only after the condition clears; keeping the current one",
			"refused", d, "realert_interval", m.alerts.realertAfter)
		return
	}
	m.alerts.realertAfter = d
}

// SetGrowthDetection sets what counts as sustained growth: over the last
// window samples, the goroutine count follows a steady upward line (one that
// explains at least 80% of the variation) that gains at least minRise
// goroutines. window 0 disables growth alerts; otherwise window must be at
// least 3 and minRise at least 1, or the call is refused with a warning.
func (m *GoroutineMonitor) SetGrowthDetection(window, minRise int) {
	m.ensureDefaults()
	m.mu.Lock()
	defer m.mu.Unlock()
	if window != 0 && (window < 3 || minRise < 1) {
		m.warnLocked("leak: GoroutineMonitor.SetGrowthDetection: want window >= 3 samples and minRise >= 1 goroutine, or window 0 to disable; keeping the current setting",
			"refused_window", window, "refused_min_rise", minRise,
			"window", m.alerts.growthWindow, "min_rise", m.alerts.growthRise)
		return
	}
	m.alerts.growthWindow, m.alerts.growthRise = window, minRise
}

// SetAlertCallback sets the function that receives alerts. nil restores the
// default, which logs alerts through the monitor's logger.
func (m *GoroutineMonitor) SetAlertCallback(fn func(GoroutineSample)) {
	m.ensureDefaults()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.callback = fn
}

// SetLogger sets the logger for alerts without a callback and for refused
// settings. nil restores slog.Default().
func (m *GoroutineMonitor) SetLogger(l *slog.Logger) {
	m.ensureDefaults()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.logger = l
}

func (m *GoroutineMonitor) loggerLocked() *slog.Logger {
	if m.logger != nil {
		return m.logger
	}
	return slog.Default()
}

func (m *GoroutineMonitor) warnLocked(msg string, args ...any) {
	m.loggerLocked().Warn(msg, args...)
}

// Start begins sampling on a new goroutine. Starting a running monitor does
// nothing.
func (m *GoroutineMonitor) Start() {
	m.ensureDefaults()
	m.life.Lock()
	defer m.life.Unlock()
	if m.stop != nil {
		return
	}
	m.mu.Lock()
	interval := m.interval
	m.running = true
	m.mu.Unlock()

	m.stop, m.done = make(chan struct{}), make(chan struct{})
	if m.watchCollect != nil {
		m.unwatch = m.watchCollect(m.recordCollected)
	}
	go m.loop(m.newTicker(interval), m.stop, m.done)
}

// Stop ends sampling and returns once the monitor's goroutine has exited.
// It is idempotent, and the monitor can be started again. Called from the
// alert callback, it returns at once and the monitor stops when the callback
// returns.
func (m *GoroutineMonitor) Stop() {
	m.ensureDefaults()
	if id := m.loopGoroutine.Load(); id != 0 && id == monitorGoroutineID() {
		go m.Stop() // waiting here would wait for this very goroutine
		return
	}
	m.life.Lock()
	defer m.life.Unlock()
	if m.stop == nil {
		return
	}
	close(m.stop)
	<-m.done
	if m.unwatch != nil {
		m.unwatch()
		m.unwatch = nil
	}
	m.stop, m.done = nil, nil
	m.mu.Lock()
	m.running = false
	m.mu.Unlock()
}

func (m *GoroutineMonitor) loop(t monitorTicker, stop <-chan struct{}, done chan<- struct{}) {
	m.loopGoroutine.Store(monitorGoroutineID())
	defer close(done)
	defer m.loopGoroutine.Store(0)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-m.intervalChanged:
			m.mu.Lock()
			d := m.interval
			m.mu.Unlock()
			t.Reset(d)
		case <-t.C():
			m.sample()
			if m.afterSample != nil {
				m.afterSample()
			}
		}
	}
}

// sample takes one sample, updates the statistics and delivers the alerts it
// raises. Only an alert that needs to say where goroutines come from pays
// for a goroutine profile.
func (m *GoroutineMonitor) sample() {
	count := m.count()
	now := m.now()

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
	reasons, trend := m.alerter.observe(m.alerts, now, count)
	s.trend = trend
	var collected []MonitorCollectedSite
	if m.pending.total > 0 {
		collected = m.pending.top(len(m.pending.counts))
		m.pending = monitorCollectedSet{}
		reasons = append(reasons, MonitorAlertCollected)
	}
	for _, r := range reasons {
		switch r {
		case MonitorAlertThreshold:
			s.thresholdAlerts++
		case MonitorAlertGrowth:
			s.growthAlerts++
		case MonitorAlertCollected:
			s.collectedAlerts++
		}
	}
	threshold := m.alerts.threshold
	m.mu.Unlock()

	if len(reasons) == 0 {
		return
	}
	var sites []MonitorSite
	if reasons[0] != MonitorAlertCollected { // a threshold or growth alert
		var err error
		sites, err = m.profile()
		m.mu.Lock()
		if err != nil {
			m.warnLocked("leak: GoroutineMonitor could not take a goroutine profile for an alert", "error", err)
		} else {
			s.topSites, s.topSitesTime = sites, now
		}
		m.mu.Unlock()
	}

	for _, r := range reasons {
		alert := GoroutineSample{Time: now, Count: count, Reason: r, Threshold: threshold, Trend: trend}
		if r == MonitorAlertCollected {
			alert.Collected = collected
		} else {
			alert.TopSites = sites
		}
		m.deliver(alert)
	}
}

// deliver hands an alert to the callback, or logs it when there is none.
func (m *GoroutineMonitor) deliver(alert GoroutineSample) {
	m.mu.Lock()
	cb, logger := m.callback, m.loggerLocked()
	m.mu.Unlock()
	if cb != nil {
		cb(alert)
		return
	}
	switch alert.Reason {
	case MonitorAlertThreshold:
		logger.Warn("leak: goroutine count reached the alert threshold",
			"count", alert.Count, "threshold", alert.Threshold, "top_sites", monitorSiteStrings(alert.TopSites))
	case MonitorAlertGrowth:
		logger.Warn("leak: goroutine count is rising steadily",
			"count", alert.Count, "per_minute", monitorRound(alert.Trend.PerMinute), "rise", monitorRound(alert.Trend.Rise),
			"window", alert.Trend.Samples, "top_sites", monitorSiteStrings(alert.TopSites))
	case MonitorAlertCollected:
		logger.Warn("leak: stream resources were garbage-collected without being closed",
			"collected", monitorCollectedStrings(alert.Collected))
	}
}

// monitorRound keeps one decimal, enough for a log line.
func monitorRound(x float64) float64 { return math.Round(x*10) / 10 }

// monitorGoroutineID returns the calling goroutine's id, read from the first
// line of its stack trace ("goroutine 42 [running]:"). Only Stop and the
// start of a loop pay for it.
func monitorGoroutineID() uint64 {
	var buf [64]byte
	line := buf[:goruntime.Stack(buf[:], false)]
	line = bytes.TrimPrefix(line, []byte("goroutine "))
	if i := bytes.IndexByte(line, ' '); i > 0 {
		line = line[:i]
	}
	id, err := strconv.ParseUint(string(line), 10, 64)
	if err != nil {
		return 0 // an unknown format: Stop then always waits, as it did before ids
	}
	return id
}
