package lostsendlifecycle

import "time"

// A constructor that starts the value's goroutine: the goroutine polls
// until a method sends the stop value, so every value made must be
// stopped, as with a Start method.

type poller struct {
	quit chan bool
	hits int
}

func newPoller() *poller { // want newPoller:`returns a value whose goroutine is released by shutdown`
	p := &poller{quit: make(chan bool)}
	go p.run()
	return p
}

func (p *poller) run() {
	for {
		select {
		case <-p.quit:
			return
		default:
			p.hits++
			time.Sleep(time.Millisecond)
		}
	}
}

func (p *poller) shutdown() { p.quit <- true }

func pollOnce() int {
	p := newPoller() // want `goroutine may block forever: newPoller returns a poller whose goroutine only poller\.shutdown releases`
	return p.hits
}

func pollAndShutdown() int {
	p := newPoller() // ok: shut down on every path
	defer p.shutdown()
	return p.hits
}

var current *poller

func pollKept() {
	current = newPoller() // ok: kept where others can shut it down
}

// ok: the constructor releases the field itself, so the goroutine is not
// waiting only on a method.
type oneShot struct{ done chan struct{} }

func newOneShot() *oneShot {
	o := &oneShot{done: make(chan struct{})}
	go o.wait()
	close(o.done)
	return o
}

func (o *oneShot) wait()  { <-o.done }
func (o *oneShot) reset() { close(o.done) }

func useOneShot() {
	_ = newOneShot() // ok: released already
}

// The exported Stop releases the goroutine through the unexported stop it
// calls: calling either is enough.
type feeder struct {
	input chan int
}

func newFeeder() *feeder { // want newFeeder:`returns a value whose goroutine is released by Stop or stop`
	f := &feeder{input: make(chan int)}
	go f.run()
	return f
}

func (f *feeder) run() {
	for range f.input {
	}
}

func (f *feeder) Stop() { f.stop() }

func (f *feeder) stop() { close(f.input) }

func feedAndStop() {
	f := newFeeder() // ok: Stop closes the input through stop
	f.input <- 1
	f.Stop()
}

func feedOnly() {
	f := newFeeder() // want `goroutine may block forever: newFeeder returns a feeder whose goroutine only feeder\.Stop or feeder\.stop releases`
	f.input <- 1
}
