// Package missingunlock defines an Analyzer that reports locks that can be
// left held, taken twice, or taken in opposite orders, blocking goroutines
// for ever.
//
// # Analyzer missingunlock
//
// missingunlock: report locks left held on a path, locked twice, or taken in opposite orders
//
// A goroutine waiting in Lock for a mutex nobody will unlock has leaked,
// as surely as one sending on a channel nobody reads. missingunlock
// follows the paths of each function through sync.Mutex, sync.RWMutex
// and sync.Locker operations and reports
//
//   - a Lock or RLock not matched by its Unlock or RUnlock on some path
//     out of a function that does unlock it on others (the message names
//     the return that keeps it held);
//   - a lock taken again on a path that already holds it: directly, or
//     through a call of a function of the package that locks the same
//     field of the same receiver, or through a function literal handed
//     to a function of the package that runs it while holding that
//     lock (a callback re-entering its caller); a read lock taken again
//     is reported when the package also write-locks that field (RWR: a
//     writer waiting between the two read locks blocks both);
//   - two fields' locks taken in opposite orders on two paths of the
//     package (AB-BA), with both sites, unless a third lock held on both
//     paths serialises them;
//   - a goroutine blocking on a channel kept in a field of the package
//     while it holds a lock that every goroutine on the other end of the
//     channel takes before reaching it, or waits for first: the other
//     end receives, on every path to its operation and with no way to
//     give up, from a channel that only goroutines taking the lock send
//     on or close;
//   - a wg.Wait made while holding a lock that every goroutine the
//     function starts to count the group down takes before its Done.
//
// A lock is handed over, so nothing is reported, when the function
// returns holding it on every path (a lock() helper: its callers are
// checked as if they had locked it themselves), when a function of the
// package that the path calls unlocks it (an unlock() helper), when the
// unlock is deferred, directly or in a deferred closure, or made in a
// closure or goroutine the function creates. TryLock and TryRLock hold the
// lock on their success branch only. A function that returns holding the
// lock only when it reports success (a nil error, or true, against a
// non-nil error or false on the other returns) is a conditional lock
// helper. A lock kept past the function and recorded in a field or global
// it writes (a flag, a count) is handed over when another function of the
// package releases it, without taking it, under a test of that record; a
// record set to false, zero or nil says nothing is held, and hands over
// nothing.
// once.Do(f) runs f, and a lock's method value (once.Do(mu.Unlock)) is
// that lock operation. Paths that end in a panic, os.Exit or t.Fatal are
// not leaks, and no lock order is taken on a path bound to panic, unless
// the function defers a recover that stops the panic: then the panic is
// control flow, and its path returns with the locks it holds. A lock of
// an object the function created and gave to no goroutine, kept on a path
// that has failed the test, dies with the test. A read lock taken twice on
// a local variable no other goroutine can reach is no RWR, and a receive
// guarded by a flag that every setter sets while closing the channel, under
// the lock the receiver holds, cannot block.
// Branches that test the same condition twice are followed consistently,
// and a lock reached through a value that changes in a loop is not
// tracked.
//
// Functions learnt as lock() helpers, unlock() helpers, or as taking a
// lock of their parameter are exported as facts, so calls across packages
// are understood too.
//
// Where it is unambiguous (the Lock is a statement of its own outside a
// loop, and every explicit unlock of that lock in the function ends a
// branch just before it returns) the missing unlock comes with a
// suggested fix: `defer mu.Unlock()` right after the Lock, removing the
// other unlocks.
//
// A finding is silenced with //leaklint:ignore missingunlock <reason> on
// its line, the line above, or in the doc comment of the function.
package missingunlock
