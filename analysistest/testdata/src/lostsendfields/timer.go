package lostsendfields

import "time"

type debouncer struct {
	timer *time.Timer
	reset chan struct{}
	quit  chan struct{}
}

func (d *debouncer) loop(fire func()) {
	for {
		select {
		case <-d.timer.C:
			fire()
		case <-d.reset:
			if !d.timer.Stop() {
				<-d.timer.C // want `receive from the timer's channel blocks forever, leaking the goroutine: on the path through the receive at line 14 its value was already taken, so Stop returns false and no value will come`
			}
			d.timer.Reset(time.Second)
		case <-d.quit:
			return
		}
	}
}

func (d *debouncer) stop() { close(d.quit) }

func (d *debouncer) kick() { d.reset <- struct{}{} }

func startDebouncer(fire func()) *debouncer { // want startDebouncer:"returns a value whose goroutine is released by stop"
	d := &debouncer{timer: time.NewTimer(time.Second), reset: make(chan struct{}), quit: make(chan struct{})}
	go d.loop(fire)
	return d
}

// Drained without blocking: ok.
func (d *debouncer) loopFixed(fire func()) {
	for {
		select {
		case <-d.timer.C:
			fire()
		case <-d.reset:
			if !d.timer.Stop() {
				select {
				case <-d.timer.C: // ok: never blocks
				default:
				}
			}
			d.timer.Reset(time.Second)
		case <-d.quit:
			return
		}
	}
}

// The value was not taken on the path to Stop: ok.
func waitOrTimeout(done <-chan struct{}) bool {
	t := time.NewTimer(time.Second)
	select {
	case <-done:
		if !t.Stop() {
			<-t.C // ok: the timer fired but nobody took its value
		}
		return true
	case <-t.C:
		return false
	}
}

// Reset re-arms the timer between the receive and Stop: ok.
func rearm(t *time.Timer, work <-chan int) {
	for {
		select {
		case <-t.C:
			t.Reset(time.Second)
		case <-work:
			if !t.Stop() {
				<-t.C // ok: the receive's value was followed by a Reset
			}
			t.Reset(time.Second)
		}
	}
}

// A new timer each iteration: the value taken belonged to the old one: ok.
func freshTimers(n int, d time.Duration, work <-chan int) {
	for range n {
		t := time.NewTimer(d)
		select {
		case <-work:
			if !t.Stop() {
				<-t.C // ok: this timer's value was never taken
			}
		case <-t.C:
		}
	}
}
