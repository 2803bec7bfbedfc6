package leak

import "time"

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

// monitorSteadyFit is the least coefficient of determination that counts as
// a steady rise: noise around a flat line scores far lower, a leak that adds
// goroutines at a roughly constant rate scores close to 1.
const monitorSteadyFit = 0.8

// monitorAlertConfig is the part of the monitor's configuration that decides
// when to alert.
type monitorAlertConfig struct {
	threshold    int           // 0 disables threshold alerts
	realertAfter time.Duration // 0: alert again only after re-arming
	growthWindow int           // samples; 0 disables growth alerts
	growthRise   int           // least rise across the window
}

// monitorRearmLevel is the count below which a threshold alert re-arms. The
// band below the threshold keeps a count that hovers around the threshold
// from alerting on every crossing.
func monitorRearmLevel(threshold int) int {
	band := threshold / 10
	if band < 1 {
		band = 1
	}
	return threshold - band
}

type monitorPoint struct {
	at    time.Time
	count int
}

// monitorAlerter is the alerting state machine. It is not safe for
// concurrent use; the monitor guards it with its mutex.
type monitorAlerter struct {
	window []monitorPoint // the latest growthWindow samples, oldest first

	thresholdArmed bool
	thresholdLast  time.Time
	growthArmed    bool
	growthLast     time.Time
}

func newMonitorAlerter() *monitorAlerter {
	return &monitorAlerter{thresholdArmed: true, growthArmed: true}
}

// observe records one sample and returns the alerts it raises, at most one
// per reason.
func (a *monitorAlerter) observe(cfg monitorAlertConfig, at time.Time, count int) (reasons []MonitorAlertReason, trend MonitorTrend) {
	a.push(cfg.growthWindow, monitorPoint{at, count})
	trend = a.trend(cfg)

	if cfg.threshold > 0 {
		switch {
		case count >= cfg.threshold && a.thresholdArmed:
			reasons = append(reasons, MonitorAlertThreshold)
			a.thresholdArmed = false
			a.thresholdLast = at
		case count >= cfg.threshold && cfg.realertAfter > 0 && at.Sub(a.thresholdLast) >= cfg.realertAfter:
			reasons = append(reasons, MonitorAlertThreshold)
			a.thresholdLast = at
		case count < monitorRearmLevel(cfg.threshold):
			a.thresholdArmed = true
		}
	}

	// Above the threshold the threshold alert speaks for the growth.
	belowThreshold := cfg.threshold <= 0 || count < cfg.threshold
	switch {
	case trend.Growing && belowThreshold && a.growthArmed:
		reasons = append(reasons, MonitorAlertGrowth)
		a.growthArmed = false
		a.growthLast = at
	case trend.Growing && belowThreshold && cfg.realertAfter > 0 && at.Sub(a.growthLast) >= cfg.realertAfter:
		reasons = append(reasons, MonitorAlertGrowth)
		a.growthLast = at
	case !trend.Growing:
		a.growthArmed = true
	}
	return reasons, trend
}

func (a *monitorAlerter) push(size int, p monitorPoint) {
	if size < 2 {
		size = 2 // the trend needs two points even when growth alerts are off
	}
	if len(a.window) >= size {
		// Windows are a few dozen samples: shifting is cheaper to reason
		// about than a ring and costs next to nothing.
		drop := len(a.window) - size + 1
		a.window = append(a.window[:0], a.window[drop:]...)
	}
	a.window = append(a.window, p)
}

// trend fits a line through the window by least squares, with time in
// seconds so that a change of interval does not distort the slope.
func (a *monitorAlerter) trend(cfg monitorAlertConfig) MonitorTrend {
	n := len(a.window)
	t := MonitorTrend{Samples: n}
	if n < 2 {
		return t
	}
	origin := a.window[0].at
	var sx, sy, sxx, sxy, syy float64
	for _, p := range a.window {
		x := p.at.Sub(origin).Seconds()
		y := float64(p.count)
		sx, sy, sxx, sxy, syy = sx+x, sy+y, sxx+x*x, sxy+x*y, syy+y*y
	}
	span := a.window[n-1].at.Sub(origin).Seconds()
	fn := float64(n)
	varX := sxx - sx*sx/fn
	varY := syy - sy*sy/fn
	if varX <= 0 {
		return t // all samples at one instant: no slope
	}
	cov := sxy - sx*sy/fn
	slope := cov / varX
	t.PerMinute = slope * 60
	t.Rise = slope * span
	if varY > 0 {
		t.Fit = cov * cov / (varX * varY)
	}
	t.Growing = cfg.growthWindow >= 2 && n >= cfg.growthWindow &&
		slope > 0 && t.Rise >= float64(cfg.growthRise) && t.Fit >= monitorSteadyFit
	return t
}
