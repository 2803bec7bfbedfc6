package heldoutblostsend

import "context"

// The shape of syncthing's basicfs_watch.go watchLoop: events are passed
// on in a select that gives up when the context ends; only when the
// backlog channel is seen full is an overflow signalled with a plain
// send. Whether another goroutine ever fills the backlog is its own pace:
// that send cannot be shown to run.

const backlogSize = 4

func forward(ctx context.Context, backlog chan string, out chan<- string) { // want forward:`sends\(2: 0\)`
	for {
		if len(backlog) == backlogSize {
			for len(backlog) > 0 {
				<-backlog
			}
			out <- "overflow"
		}
		select {
		case ev := <-backlog:
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		case <-ctx.Done():
			return
		}
	}
}

func watchOnce(ctx context.Context) string {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	backlog := make(chan string, backlogSize)
	out := make(chan string)
	go forward(ctx, backlog, out)
	backlog <- "a"
	select {
	case ev := <-out:
		return ev
	case <-ctx.Done():
		return ""
	}
}

// A send after the guard, not under it, runs on every round.
func forwardEach(backlog chan string, out chan<- string, rounds int) { // want forwardEach:`may return before draining\(0: 0\)` forwardEach:`sends\(1: many\)`
	for range rounds {
		if len(backlog) == backlogSize {
			<-backlog
		}
		out <- "tick"
	}
}

func tickOnce() {
	backlog := make(chan string, backlogSize)
	out := make(chan string)
	go forwardEach(backlog, out, 3) // want `the goroutine sends on out in a loop, but this function can return without receiving from it and it is unbuffered`
}
