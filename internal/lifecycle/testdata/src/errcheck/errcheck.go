package errcheck // want "needs SSA"

import "context"

func Wait(ctx context.Context) error {
	return ctx.Err()
}
