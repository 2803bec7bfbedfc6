package ctor // want "needs SSA"

import "context"

func Start(parent context.Context) context.Context {
	ctx, _ := context.WithCancel(parent)
	return ctx
}
