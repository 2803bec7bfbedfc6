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
// function, the values the goroutines send against the receives on that
// path plus the buffer, and reports the send when the sends can be shown
// to exceed them, with the return as related position.
//
// Counts are compared symbolically. A loop that counts from zero to a
// bound (`for i := 0; i < n; i++`, `for range n`, `for range items`, b.N,
// a range over a map) runs its bound times; a constant bound multiplies.
// Senders started by one loop and receives made by another over the same
// bound (the same constant, named constant, unchanging local, field or
// len(s) of the same s) match. A channel made inside an outer loop is one
// channel per round. A goroutine's own sends are counted along its paths:
// a send followed by a return inside a loop, or sends on exclusive
// branches, count once; an atomic test that only one goroutine can pass
// (`if atomic.AddInt32(&n, 1) == total`) makes its send one for all.
//
// When a count cannot be bounded it is not a leak: a goroutine that sends
// as often as the data it reads says (a reader or polling loop) is
// reported only if the function can return without receiving anything
// from an unbuffered channel. A buffer of two or more is taken as the
// programmer's own count of symbolically many senders.
//
// A receive loop that ends on its own (its count runs out, the channel is
// seen closed, or a select takes a done channel closed after wg.Wait())
// has received every value; leaving it because of a received value or
// another select case (a timeout, ctx.Done()) leaves the remaining
// senders blocked, the most common goroutine leak of all:
//
//	errc := make(chan error) // the fix: make(chan error, len(items))
//	for _, it := range items {
//		go func() { errc <- work(it) }()
//	}
//	for range items {
//		if err := <-errc; err != nil {
//			return err // the other senders leak
//		}
//	}
//
// Joins and drains release the senders: after wg.Wait() on a WaitGroup
// every sender's Done follows its sends (deferred or after them), after a
// receive from a channel every sender closes after its sends, and after
// ranging over the channel until it is closed, none is left blocked. A
// path that ends in t.Fatal, t.FailNow, t.Skip, testify's require (through
// its TestingT), runtime.Goexit, log.Fatal, os.Exit or panic leaks
// nothing: a select whose timeout case stops the test is fine.
//
// Not reported: sends inside a select with another case (they can give
// up), buffers at least as large as the sends, receivers that range or
// receive in a loop, and channels that leave the function (returned,
// stored, passed to code the pass cannot see), whose receiver is
// elsewhere.
//
// It also reports goroutines that range over a channel the function feeds
// but can return without closing (LeakProf's noCloseRange): once the values
// run out they wait forever. A goroutine whose receive loop also ends on a
// received value is told to stop by a send, not a close, and is not one. `defer close(ch)` or a close on every path
// ends them.
//
// The suggested fix buffers the channel: with the number of sends when it
// is known (a constant, or the length of the slice or the bound of the
// loop that starts the senders), otherwise with capacity 1 for a single
// sender.
//
// Sends inside helpers are followed: same-package functions up to -depth
// calls deep, and functions of other packages through a fact recording how
// many values one call sends on each channel parameter. A recursive helper
// that sends counts as sending many.
//
// Finally, it reports a method that starts a goroutine which only another
// method of the same type releases (LeakProf's workerLifecycle): the
// goroutine exits only after receiving from an unexported channel field
// that nothing but that other method (Stop, Close) closes, or sends on when
// the goroutine returns on a received value rather than ranging on. A
// function that calls the start method on a value it made (a composite
// literal or a constructor's result that does not leave the function) and
// can return without calling the stop method leaks the goroutine. A
// constructor that makes the value, starts such a goroutine on it and
// returns it is a start too: every value it returns must be stopped. A
// method that calls the stop method on its own receiver (an exported Stop
// calling stop) stops as well. The start method or constructor carries a
// fact, so the check works across packages.
//
// # Channels beyond one function
//
// A channel kept in a struct field of the package, unexported (or in a
// command) and only ever made here, is a closed world: the package sees
// every send, receive, range, select case, close and hand-off of it, in
// every method and every goroutine a method starts (one summary per
// package, internal/chansummary, shared with undrainedchan). Then:
//
//   - a receive (or range, or a select all of whose cases are such) from a
//     field nothing in the package sends on or closes blocks forever;
//   - a goroutine whose every way out waits on such a receive (its stop
//     channel is never closed) never exits;
//   - a send on a field nothing receives from (code nothing calls does not
//     count) blocks once its buffer is full: at once when unbuffered, or
//     when the send can run more times than the buffer holds;
//   - a method's send on an unbuffered field whose only receiver is one
//     goroutine's loop that can return without it (Status after Stop), made
//     by a goroutine of its own, blocks once that loop has returned.
//
// The report is at the blocking operation, with the go statement that
// starts the goroutine as related position.
//
// A method (or a constructor) that starts a goroutine waiting on a
// context whose cancel it keeps in a field is released only by the
// methods that call that cancel: every caller that keeps the value must
// call one on every path (a fact, so across packages too). The goroutine
// may be a method given the context or a function literal that captures
// it, as long as the captured variable holds nothing else.
//
// Goroutines that block themselves: a send on a channel this path has
// already filled (unbuffered, or its buffer full) before anyone else can
// hold it, also through a method whose first act is that send; a receive
// from a channel whose only other holder, a goroutine, never touches it;
// and `if !t.Stop() { <-t.C }` on a path that already took the timer's
// value, which then never comes.
//
// A consumer that may return before its channel is closed (on the first
// error, say) is recorded as a fact; a producer handed to it leaks when
// it sends more than the consumer takes. A computed buffer that is a
// window (not len of something, not a loop bound) does not cover a
// sending loop. A close while a started goroutine may still send is
// reported as such (the late send panics), never taken as a release.
//
// Flags: -depth bounds how deep the pass follows a channel into functions
// of the same package that the goroutine calls to send (default 3).
package lostsend
