// Package a provides resources that package b leaks: the findings in b
// need facts about a.
package a

import (
	"context"
	"time"
)

// WithLease returns a context bounded by a lease; the caller must cancel.
func WithLease(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, time.Minute)
}

// Session must be ended.
//
//leaklint:mustclose End
type Session struct{}

func (*Session) End() {}

func Start() *Session { return &Session{} }
