// Package lostsend defines an Analyzer that reports goroutines that send on
// a channel nobody may receive from any more.
//
// # Analyzer lostsend
//
// lostsend: report goroutines that block forever sending on a channel
//
// A function makes a channel, starts goroutines that send on it, and then
// may return before it has received every value: on an early return, an
// error path, a select that gives up on ctx.Done() or time.After, or after
// taking only the first of N results. A send on an unbuffered (or too small)
// channel then blocks forever and the goroutine leaks:
//
//	ch := make(chan result)
//	go func() { ch <- compute() }()
//	select {
//	case r := <-ch:
//		return r, nil
//	case <-ctx.Done():
//		return result{}, ctx.Err() // the sender leaks
//	}
//
// The pass counts, on every path from the make to a return of the
// function, the values the goroutines send (a goroutine started in a loop
// or sending in a loop counts as many) against the receives on that path
// plus the buffer. It reports the send when the sends can exceed them, with
// the return as related position.
//
// Not reported: sends inside a select with another case (they can give
// up), buffers at least as large as the sends, receivers that range or
// receive in a loop, and channels that leave the function (returned,
// stored, passed to code the pass cannot see), whose receiver is
// elsewhere.
//
// It also reports goroutines that range over a channel the function feeds
// but can return without closing (LeakProf's noCloseRange): once the values
// run out they wait forever. `defer close(ch)` or a close on every path
// ends them.
//
// The suggested fix buffers the channel: with the number of sends when it
// is known (a constant, or the length of the slice or the bound of the
// loop that starts the senders), otherwise with capacity 1 for a single
// sender.
//
// Flags: -depth bounds how deep the pass follows a channel into functions
// of the same package that the goroutine calls to send (default 3).
package lostsend
