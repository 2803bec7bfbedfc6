// Package lostsendlifecycleprod defines types whose start method begins a
// goroutine that only another method ends, and look-alikes that do not.
package lostsendlifecycleprod

import (
	"context"
	"time"
)

// Poller polls until Close.
type Poller struct {
	quit chan struct{}
	n    int
}

// NewPoller returns a stopped poller.
func NewPoller() *Poller { return &Poller{quit: make(chan struct{})} }

// Run starts polling in the background.
func (p *Poller) Run() { // want Run:`starts a goroutine released by Close`
	go func() {
		for {
			select {
			case <-p.quit:
				return
			case <-time.After(time.Second):
				p.n++
			}
		}
	}()
}

// Close stops the polling goroutine.
func (p *Poller) Close() { close(p.quit) }

// Loop is a worker whose goroutine is a method.
type Loop struct {
	stop chan bool
	jobs chan int
}

// NewLoop returns a loop.
func NewLoop() *Loop { return &Loop{stop: make(chan bool), jobs: make(chan int)} }

// Start runs the loop.
func (l *Loop) Start() { go l.run() } // want Start:`starts a goroutine released by Halt`

func (l *Loop) run() {
	for {
		select {
		case <-l.jobs:
		case <-l.stop:
			return
		}
	}
}

// Submit queues a job.
func (l *Loop) Submit(j int) { l.jobs <- j }

// Halt stops the loop by a send.
func (l *Loop) Halt() { l.stop <- true }

// Timed ends its goroutine itself after a while: no Stop is needed.
type Timed struct{ done chan struct{} }

// NewTimed returns a Timed.
func NewTimed() *Timed { return &Timed{done: make(chan struct{})} }

// Start begins a goroutine that also gives up on a timer.
func (t *Timed) Start() {
	go func() {
		select {
		case <-t.done:
		case <-time.After(time.Minute):
		}
	}()
}

// Stop ends it early.
func (t *Timed) Stop() { close(t.done) }

// Ctx ends its goroutine with a context the caller owns.
type Ctx struct{ done chan struct{} }

// NewCtx returns a Ctx.
func NewCtx() *Ctx { return &Ctx{done: make(chan struct{})} }

// Start begins a goroutine released by ctx as well.
func (c *Ctx) Start(ctx context.Context) {
	go func() {
		select {
		case <-c.done:
		case <-ctx.Done():
		}
	}()
}

// Stop ends it.
func (c *Ctx) Stop() { close(c.done) }

// Open has its quit channel exported: anyone may close it.
type Open struct{ Quit chan struct{} }

// Start begins a goroutine waiting for Quit.
func (o *Open) Start() {
	go func() { <-o.Quit }()
}

// Stop closes Quit.
func (o *Open) Stop() { close(o.Quit) }

// SelfStop closes its own quit channel after starting: Start releases it.
type SelfStop struct{ quit chan struct{} }

// Start begins a goroutine and schedules its end.
func (s *SelfStop) Start() {
	go func() { <-s.quit }()
	time.AfterFunc(time.Second, func() { close(s.quit) })
}

// Stop is a no-op kept for symmetry.
func (s *SelfStop) Stop() {}

// Pool ranges over its jobs until Close closes them: a Submit feeds the
// goroutine but never ends it.
type Pool struct{ jobs chan int }

// NewPool returns a pool.
func NewPool() *Pool { return &Pool{jobs: make(chan int)} }

// Start runs the pool's worker.
func (p *Pool) Start() { // want Start:`starts a goroutine released by Close`
	go func() {
		for j := range p.jobs {
			_ = j
		}
	}()
}

// Submit hands a job to the worker.
func (p *Pool) Submit(j int) { p.jobs <- j }

// Close ends the worker.
func (p *Pool) Close() { close(p.jobs) }
