// Package lostsendsession uses lostsendsessionprod's constructor, whose
// fact is all that tells its goroutine needs Close.
package lostsendsession

import (
	"context"

	"lostsendsessionprod"
)

func forget(ctx context.Context) {
	lostsendsessionprod.Open(ctx) // want `goroutine may block forever: Open returns a Session whose goroutine only Session\.Close releases, and this function can return without calling it`
}

func closed(ctx context.Context) {
	s := lostsendsessionprod.Open(ctx)
	defer s.Close()
}
