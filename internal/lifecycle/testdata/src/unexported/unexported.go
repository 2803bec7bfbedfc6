// Package unexported has cancel-like parameters and a context's Err only
// in functions no importer can call: no fact about them can matter, and
// with no constructor there is nothing to leak, so SSA is not built.
package unexported

import "context"

func after(done <-chan struct{}, stop func()) {
	<-done
	stop()
}

func wait(ctx context.Context) error {
	return ctx.Err()
}

func Run(done <-chan struct{}) {
	after(done, func() {})
	_ = wait(context.Background())
}
