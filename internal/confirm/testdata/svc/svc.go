// Package svc is parsed, never compiled, by the confirm tests: line numbers
// matter, so edit it only together with the fixtures that point into it.
package svc

import (
	"context"
	"time"

	"github.com/leaklint/leaklint/stream"
)

func lostCancel(parent context.Context) {
	ctx, _ := context.WithCancel(parent) // line 13: missingcancel
	go func() {                          // line 14: created_by of the waiting goroutine
		<-ctx.Done() // line 15: where it blocks
	}()
}

func lostSend() int {
	ch := make(chan int)
	go func() { // line 21: lostsend
		ch <- 42 // line 22: where the sender blocks
	}()
	select {
	case v := <-ch:
		return v
	case <-time.After(time.Second):
		return 0
	}
}

func unclosed(ctx context.Context) {
	s := stream.NewStreamingContext( // line 33: unclosedstream
		ctx, // line 34: the line a runtime may attribute the call to
	)
	s.Send(1)
}

func unexplained() {
	go func() { // line 40: nothing flags this
		select {}
	}()
}

func adjacent(ctx context.Context) {
	ch, _ := stream.StreamJSON(ctx, 1, 1) // line 46: undrainedchan
	go func() {                           // line 47: a different leak on the next line
		<-ch
	}()
}
