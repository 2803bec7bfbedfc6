package service

import "context"

// Sessions reports expired sessions.
type Sessions struct {
	Expired chan string

	// lastCancel was meant for a Shutdown method that was never written:
	// it is assigned and never read.
	lastCancel context.CancelFunc
}

// WatchSession reports id as expired once the session's context ends.
//
// LEAK (missingcancel): the cancel function is only parked in a field that
// nothing reads, so the session's context ends only with parent; under a
// long-lived parent the watcher waits for ever. (go vet's lostcancel takes
// the assignment for a use; missingcancel follows where the value goes.)
func (s *Sessions) WatchSession(parent context.Context, id string) {
	ctx, cancel := context.WithCancel(parent)
	s.lastCancel = cancel
	go s.expire(ctx, id)
}

// WatchSessionFixed returns the cancel function: ending the session is the
// caller's job, and now it can do it.
func (s *Sessions) WatchSessionFixed(parent context.Context, id string) (end context.CancelFunc) {
	ctx, cancel := context.WithCancel(parent)
	go s.expire(ctx, id)
	return cancel
}

func (s *Sessions) expire(ctx context.Context, id string) {
	<-ctx.Done()
	select {
	case s.Expired <- id:
	default: // nobody listening: dropping the notice is fine
	}
}
