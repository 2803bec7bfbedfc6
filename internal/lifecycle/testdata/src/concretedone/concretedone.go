// Package concretedone takes a context and calls methods named Done, Err
// and Cause, none of them a context's: nothing here can wait for the
// context, so SSA is not built.
package concretedone

import (
	"context"
	"sync"
)

type failure struct{ err error }

func (f failure) Err() error   { return f.err }
func (f failure) Cause() error { return f.err }

func Run(ctx context.Context, wg *sync.WaitGroup, f failure) error {
	defer wg.Done()
	if f.Cause() != nil {
		return f.Err()
	}
	return nil
}
