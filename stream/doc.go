// Package stream provides leak-safe streaming primitives: a context-bound
// stream of values (StreamingContext), producers that stream a JSON encoding
// or a reader in chunks (StreamJSON, StreamReader), and a builder that
// gathers chunks into a result (StreamingResultBuilder).
//
// Used as documented they are race-free and leave no goroutine behind.
// Misused, they leak in exactly the ways leaklint knows:
//
//   - a StreamingContext that is never closed, while its context is never
//     cancelled, keeps its goroutine forever (the unclosedstream pass flags
//     it, the runtime detector reports it);
//   - a channel from StreamJSON or StreamReader that is neither drained nor
//     released by cancelling the producer's context blocks the producer
//     forever (the undrainedchan pass flags it);
//   - a StreamingResultBuilder that is never closed keeps what it holds and
//     the goroutines that consume into it.
//
// # Where leaks are reported
//
// Every value records where it was created, the caller's file:line, at the
// cost of capturing one program counter (well under a microsecond; see
// docs/bench/stream.md). Every goroutine the package starts carries it as
// the pprof label OriginLabel, on top of the labels it inherited, so that
// the runtime detector reports a leaked producer at the user's call, and
// still attributes it to the test that started it. A StreamingContext or
// StreamingResultBuilder that the garbage collector finds unreachable while
// still open is reported, with that origin, to the listeners of the
// runtime monitor: the run-time twin of the unclosedstream pass.
package stream
