package lostsendctx

import (
	"context"
	"time"
)

// The goroutine is a function literal that captures the context rather
// than a method given it: the cancel is still kept in a field, and only
// close calls it.

type watcher struct {
	cancel context.CancelFunc
	ticks  int
}

func newWatcher() *watcher { // want newWatcher:`returns a value whose goroutine is released by close`
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{cancel: cancel}
	go func() {
		<-ctx.Done()
	}()
	return w
}

func (w *watcher) close() { w.cancel() }

func watchOnce() {
	w := newWatcher() // want `goroutine may block forever: newWatcher returns a watcher whose goroutine only watcher\.close releases`
	_ = w.ticks
}

func watchAndClose() {
	w := newWatcher() // ok: closed on every path
	defer w.close()
	_ = w.ticks
}

// A method that keeps the cancel in its receiver, which the goroutine's
// function literal also captures.

func (w *watcher) start() { // want start:`starts a goroutine released by close`
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go func() {
		t := time.NewTicker(time.Second)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				w.ticks++
			}
		}
	}()
}

func startOnce() {
	w := &watcher{}
	w.start() // want `goroutine may block forever: watcher\.start starts a goroutine that only watcher\.close releases`
}

func startAndClose() {
	w := &watcher{}
	w.start() // ok: closed below
	w.close()
}

// ok: the captured variable is assigned another context too, so the
// goroutine may wait on one that no kept cancel ends; nothing is claimed.
func newWatcherReassigned(parent context.Context) *watcher {
	ctx, cancel := context.WithCancel(context.Background())
	w := &watcher{cancel: cancel}
	if parent != nil {
		ctx = parent
	}
	go func() {
		<-ctx.Done()
	}()
	return w
}

func watchReassigned() {
	_ = newWatcherReassigned(nil) // ok: not a known lifecycle
}
