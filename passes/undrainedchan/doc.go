// Package undrainedchan defines an Analyzer that reports channels from
// producers that are neither drained nor released.
//
// # Analyzer undrainedchan
//
// undrainedchan: report producer channels that are neither drained nor released
//
// A producer starts a goroutine that sends on a channel it returns. The
// goroutine exits only when the consumer receives until the channel is
// closed, or when the producer's context is cancelled. A consumer that does
// neither leaves the producer blocked on a send forever:
//
//	ch, err := stream.StreamJSON(ctx, v, 512)
//	if err != nil {
//		return err
//	}
//	for c := range ch {
//		if len(c.Data) > limit {
//			return errTooLarge // the producer is still sending
//		}
//	}
//
// The pass reports a producer's channel that is discarded, never received
// from, received a fixed number of times, or received in a loop that can
// end (break, return, goto, panic) before the channel is closed, on a path
// where the producer's context is not cancelled. Cancelling counts when the
// context passed to the producer derives, in this function, from
// context.WithCancel, WithTimeout, WithDeadline (or their Cause forms) and
// its cancel runs on that path; `defer cancel()` counts. A context the
// function cannot cancel, such as context.Background() or a parameter,
// releases nothing, except the parameter of an unexported function that
// only static calls in the package use, each passing a context its
// caller makes cancellable and cancels, or a test's t.Context(). Returning because that context is done also releases
// the producer, which selects on the same context.
//
// Passing the channel on hands the duty over: returning it, storing it,
// capturing it in a closure, or passing it to a function that drains or
// keeps it (known across packages through a fact).
//
// Producers are stream.StreamJSON, stream.StreamReader, the
// StreamingTestHelper methods of the same name, StreamingContext.Channel
// (released by Close too), any function whose doc comment holds
// //leaklint:producer, the functions named by the -producers flag, and,
// inferred as a fact, any function that makes a channel, starts a goroutine
// sending on it (a closure, or `go pump(ctx, ch)`) and returns it, or
// returns the channel of another producer.
// An inferred producer is released by cancelling its context only when its
// sends select on ctx.Done(). Its sends are counted along the goroutine's
// paths: one whose buffer holds every value it can send never blocks and
// is no producer, and one that sends a single value on every path (however
// many exclusive branches it has) is drained by one receive. A context the
// server cancels when the handler returns releases a producer too: the
// Context() of a gRPC server stream, and r.Context() of a net/http
// handler's request. The StreamingTestHelper cancels its producers
// itself when the test function returns, so their channels are never
// reported. For the stream producers the pass also knows their protocol: a
// Chunk carrying an Err is the last value, so leaving the loop on it is
// draining; a constant chunk size below 1, a nil reader or a value of func,
// chan or complex type fail before any goroutine starts.
//
// Flags: -producers is a comma-separated list of extra producers, each
// "import/path.Func" or "import/path.Type.Method"; their first channel
// result must be drained and their first context.Context parameter
// releases them.
package undrainedchan
