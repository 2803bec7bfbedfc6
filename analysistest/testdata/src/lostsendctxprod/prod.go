// Package lostsendctxprod keeps the cancel of a watcher's context in a
// field; only Close calls it.
package lostsendctxprod

import "context"

// Session waits for its context in a goroutine.
type Session struct {
	cancel context.CancelFunc
	ctx    context.Context
}

// Open starts a session whose goroutine Close releases.
func Open(parent context.Context) *Session { // want Open:`returns a value whose goroutine is released by Close`
	ctx, cancel := context.WithCancel(parent)
	s := &Session{ctx: ctx, cancel: cancel}
	go s.watch()
	return s
}

func (s *Session) watch() {
	<-s.ctx.Done()
}

// Close releases the goroutine.
func (s *Session) Close() { s.cancel() }

// Cursor watches a context given to its goroutine.
type Cursor struct {
	stop context.CancelFunc
}

// Begin starts the cursor's goroutine; End releases it.
func (c *Cursor) Begin(ctx context.Context) { // want Begin:`starts a goroutine released by End`
	ctx, c.stop = context.WithCancel(ctx)
	go c.await(ctx)
}

func (c *Cursor) await(ctx context.Context) {
	<-ctx.Done()
	c.finish()
}

func (c *Cursor) finish() {}

// End releases the goroutine.
func (c *Cursor) End() { c.stop() }

// Timed gives up by itself: nobody needs to release it.
type Timed struct {
	cancel context.CancelFunc
}

// Run starts a goroutine that also leaves on its own.
func (t *Timed) Run(ctx context.Context, work <-chan int) {
	ctx, t.cancel = context.WithCancel(ctx)
	go func() {
		select {
		case <-ctx.Done():
		case <-work:
		}
	}()
}

// Stop cancels.
func (t *Timed) Stop() { t.cancel() }
