package typeerror

import (
	"context"

	"github.com/leaklint/leaklint/stream"
)

func _(ctx context.Context) {
	sc := stream.NewStreamingContext(ctx)
	sc.Send(undefinedValue)
}

func _(ctx context.Context) int {
	sc := stream.NewStreamingContext(ctx)
	defer sc.Close()
	return "not an int"
}
