// Package lostsendsessionprod has one constructor whose value's goroutine
// waits for a context the value's Close cancels, and nothing else a
// channel fact could be about: no channel parameter, no method that starts
// a goroutine.
package lostsendsessionprod

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
