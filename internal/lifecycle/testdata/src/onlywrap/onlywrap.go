package onlywrap // want "needs SSA"

import (
	"context"

	"wrap"
)

func Leak(parent context.Context) context.Context {
	ctx, _ := wrap.New(parent)
	return ctx
}
