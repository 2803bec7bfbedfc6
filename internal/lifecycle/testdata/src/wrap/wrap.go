package wrap

import "context"

// New returns a context and its cancel function: a constructor, by fact.
func New(parent context.Context) (context.Context, context.CancelFunc) {
	return context.WithCancel(parent)
}
