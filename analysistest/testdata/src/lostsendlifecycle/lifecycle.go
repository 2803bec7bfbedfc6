// Package lostsendlifecycle starts lifecycle goroutines of another package
// and forgets, or remembers, to stop them.
package lostsendlifecycle

import (
	"errors"

	p "lostsendlifecycleprod"
)

func _() {
	pl := p.NewPoller()
	pl.Run() // want `goroutine may block forever: Poller.Run starts a goroutine that only Poller.Close releases, and this function can return without calling it`
}

func _() {
	pl := p.NewPoller()
	pl.Run() // ok: the deferred Close ends it
	defer pl.Close()
}

func _(fail bool) error {
	pl := p.NewPoller()
	pl.Run() // want `Poller.Run starts a goroutine that only Poller.Close releases`
	if fail {
		return errors.New("failed")
	}
	pl.Close()
	return nil
}

func _() *p.Poller {
	pl := p.NewPoller()
	pl.Run() // ok: the caller gets it and owns the Close
	return pl
}

func _(pl *p.Poller) {
	pl.Run() // ok: not this function's value
}

var keep []*p.Poller

func _() {
	pl := p.NewPoller()
	pl.Run() // ok: stored where someone else may close it
	keep = append(keep, pl)
}

func _(jobs []int) {
	l := p.NewLoop()
	l.Start() // want `Loop.Start starts a goroutine that only Loop.Halt releases`
	for _, j := range jobs {
		l.Submit(j)
	}
}

func _(jobs []int) {
	l := p.NewLoop()
	l.Start() // ok: halted on the way out
	for _, j := range jobs {
		l.Submit(j)
	}
	l.Halt()
}

func _() {
	t := p.NewTimed()
	t.Start() // ok: its goroutine ends on its own
}

func _() {
	c := p.NewCtx()
	c.Start(nil) // ok: a context releases it too
}

func _() {
	o := &p.Open{Quit: make(chan struct{})}
	o.Start() // ok: its channel is exported, so anyone may release it
}

func _() {
	s := &p.SelfStop{}
	s.Start() // ok: Start itself schedules the release
}

func _(jobs []int) {
	pool := p.NewPool()
	pool.Start() // want `Pool.Start starts a goroutine that only Pool.Close releases`
	for _, j := range jobs {
		pool.Submit(j)
	}
}

func _(jobs []int) {
	pool := p.NewPool()
	pool.Start() // ok: closed on the way out
	defer pool.Close()
	for _, j := range jobs {
		pool.Submit(j)
	}
}
