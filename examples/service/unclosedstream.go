package service

import (
	"context"

	"github.com/leaklint/leaklint/stream"
)

// CountEvents passes events through a stream and counts what comes out.
//
// LEAK (unclosedstream): the StreamingContext is never closed, so unless
// ctx is cancelled its goroutine stays for ever.
func CountEvents(ctx context.Context, events []string) int {
	s := stream.NewStreamingContext(ctx)
	n := 0
	for _, e := range events {
		if s.Send(e) != nil {
			break
		}
		<-s.Channel()
		n++
	}
	return n
}

// CountEventsFixed closes the stream on every path.
func CountEventsFixed(ctx context.Context, events []string) int {
	s := stream.NewStreamingContext(ctx)
	defer s.Close()
	n := 0
	for _, e := range events {
		if s.Send(e) != nil {
			break
		}
		<-s.Channel()
		n++
	}
	return n
}
