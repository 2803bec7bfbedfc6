package undrainedchan

import "context"

// A counted loop that receives once per round takes as many values as its
// count, which nothing here compares with how many goroutines the
// producer starts (knative's throttler test: n tries, n receives). Only
// an exit out of the middle of the loop, after which values may still
// come, is a leak the paths show.

type tryResult struct {
	dest string
	err  error
}

func tryN(ctx context.Context, n int, f func() error) chan tryResult { // want tryN:`producer\(result 0, ctx param 0, sends once\)`
	ch := make(chan tryResult)
	for range n {
		go func() {
			var r tryResult
			if err := f(); err != nil {
				r.err = err
			}
			ch <- r
		}()
	}
	return ch
}

func allResults(ctx context.Context, n int) []string {
	ch := tryN(ctx, n, func() error { return nil }) // ok: one receive per try
	var out []string
	for range n {
		r := <-ch
		out = append(out, r.dest)
	}
	return out
}

func allResultsCounter(ctx context.Context, n int) int {
	ch := tryN(ctx, n, func() error { return nil }) // ok: one receive per try
	failed := 0
	for i := 0; i < n; i++ {
		if r := <-ch; r.err != nil {
			failed++
		}
	}
	return failed
}

func firstResult(ctx context.Context, n int) string {
	ch := tryN(ctx, n, func() error { return nil }) // want `the loop receiving from ch \(from undrainedchan.tryN\) can end before it is closed`
	for range n {
		r := <-ch
		if r.err == nil {
			return r.dest
		}
	}
	return ""
}

func firstResultBreak(ctx context.Context, n int) (dest string) {
	ch := tryN(ctx, n, func() error { return nil }) // want `the loop receiving from ch \(from undrainedchan.tryN\) can end before it is closed`
	for range n {
		r := <-ch
		if r.err == nil {
			dest = r.dest
			break
		}
	}
	return dest
}
