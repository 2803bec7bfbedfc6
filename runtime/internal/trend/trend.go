// Package trend detects sustained growth in a series of goroutine counts:
// it keeps the latest samples of a window and fits a line through them by
// least squares, so that a steady rise (a leak in the making) is told from
// noise around a flat line.
package trend

import "time"

// SteadyFit is the least coefficient of determination that counts as a
// steady rise: noise around a flat line scores far lower, a leak that adds
// goroutines at a roughly constant rate scores close to 1.
const SteadyFit = 0.8

// Trend describes how the count moved over the window: the fields of the
// public MonitorTrend, in the same order, so that one converts to the
// other.
type Trend struct {
	PerMinute float64 // slope of the fitted line, goroutines per minute
	Fit       float64 // coefficient of determination, 0 to 1
	Samples   int     // samples in the window
	Rise      float64 // goroutines the fitted line gained across the window
	Growing   bool    // sustained growth, as Window.Fit's arguments define it
}

type point struct {
	at    time.Time
	count int
}

// Window holds the latest samples. It is not safe for concurrent use.
type Window struct {
	points []point // oldest first
}

// Push adds a sample and drops the oldest beyond size (at least 2: a trend
// needs two points even when growth detection is off).
func (w *Window) Push(size int, at time.Time, count int) {
	if size < 2 {
		size = 2
	}
	if len(w.points) >= size {
		// Windows are a few dozen samples: shifting is cheaper to reason
		// about than a ring and costs next to nothing.
		drop := len(w.points) - size + 1
		w.points = append(w.points[:0], w.points[drop:]...)
	}
	w.points = append(w.points, point{at, count})
}

// Fit fits a line through the window by least squares, with time in
// seconds so that a change of interval does not distort the slope. The
// trend is Growing when the window holds at least size samples (size 0
// disables growth detection) and the line rises steadily by at least
// minRise goroutines across it.
func (w *Window) Fit(size, minRise int) Trend {
	n := len(w.points)
	t := Trend{Samples: n}
	if n < 2 {
		return t
	}
	origin := w.points[0].at
	var sx, sy, sxx, sxy, syy float64
	for _, p := range w.points {
		x := p.at.Sub(origin).Seconds()
		y := float64(p.count)
		sx, sy, sxx, sxy, syy = sx+x, sy+y, sxx+x*x, sxy+x*y, syy+y*y
	}
	span := w.points[n-1].at.Sub(origin).Seconds()
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
	t.Growing = size >= 2 && n >= size &&
		slope > 0 && t.Rise >= float64(minRise) && t.Fit >= SteadyFit
	return t
}
