// Package alert decides which samples of the goroutine count raise an
// alert, and keeps an alert from repeating while its condition lasts: a
// threshold alert re-arms once the count falls a band below the
// threshold, a growth alert once the rise stops, and either repeats
// after a re-alert interval when one is set.
package alert

import (
	"time"

	"github.com/leaklint/leaklint/runtime/internal/trend"
)

// Reason says why a sample raised an alert; the values are those of the
// public MonitorAlertReason.
type Reason string

const (
	Threshold Reason = "threshold"
	Growth    Reason = "growth"
	Collected Reason = "collected"
)

// Config is what decides when to alert.
type Config struct {
	Threshold    int           // 0 disables threshold alerts
	RealertAfter time.Duration // 0: alert again only after re-arming
	GrowthWindow int           // samples; 0 disables growth alerts
	GrowthRise   int           // least rise across the window
}

// RearmLevel is the count below which a threshold alert re-arms. The band
// below the threshold keeps a count that hovers around the threshold from
// alerting on every crossing.
func RearmLevel(threshold int) int {
	band := threshold / 10
	if band < 1 {
		band = 1
	}
	return threshold - band
}

// Alerter is the alerting state machine. It is not safe for concurrent
// use.
type Alerter struct {
	window trend.Window // the latest GrowthWindow samples

	thresholdArmed bool
	thresholdLast  time.Time
	growthArmed    bool
	growthLast     time.Time
}

// New returns an Alerter with both alerts armed.
func New() *Alerter {
	return &Alerter{thresholdArmed: true, growthArmed: true}
}

// Observe records one sample and returns the alerts it raises, at most one
// per reason, and the growth trend at this sample.
func (a *Alerter) Observe(cfg Config, at time.Time, count int) (reasons []Reason, tr trend.Trend) {
	a.window.Push(cfg.GrowthWindow, at, count)
	tr = a.window.Fit(cfg.GrowthWindow, cfg.GrowthRise)

	if cfg.Threshold > 0 {
		switch {
		case count >= cfg.Threshold && a.thresholdArmed:
			reasons = append(reasons, Threshold)
			a.thresholdArmed = false
			a.thresholdLast = at
		case count >= cfg.Threshold && cfg.RealertAfter > 0 && at.Sub(a.thresholdLast) >= cfg.RealertAfter:
			reasons = append(reasons, Threshold)
			a.thresholdLast = at
		case count < RearmLevel(cfg.Threshold):
			a.thresholdArmed = true
		}
	}

	// Above the threshold the threshold alert speaks for the growth.
	belowThreshold := cfg.Threshold <= 0 || count < cfg.Threshold
	switch {
	case tr.Growing && belowThreshold && a.growthArmed:
		reasons = append(reasons, Growth)
		a.growthArmed = false
		a.growthLast = at
	case tr.Growing && belowThreshold && cfg.RealertAfter > 0 && at.Sub(a.growthLast) >= cfg.RealertAfter:
		reasons = append(reasons, Growth)
		a.growthLast = at
	case !tr.Growing:
		a.growthArmed = true
	}
	return reasons, tr
}
