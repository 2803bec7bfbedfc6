// Package missingdone defines an Analyzer that reports sync.WaitGroup and
// sync.Cond waits that can block for ever.
//
// # Analyzer missingdone
//
// missingdone: report WaitGroup and Cond waits nothing will wake
//
// A goroutine in wg.Wait() waits for as many Done calls as Add counted; a
// goroutine in cond.Wait() waits for a Signal or Broadcast. missingdone
// reports
//
//   - a goroutine that calls wg.Done on some paths but can return
//     without it on another (an early return before a Done that is not
//     deferred): the goroutine Add counted for it never reaches Done;
//   - an Add(1) followed, on some path, by a Wait of the same group
//     before any goroutine that calls its Done is started (a continue or
//     return between Add and go, or a Wait placed before the go);
//   - a Wait inside the loop that starts the goroutines an Add(n) before
//     the loop counted: the first Wait waits for goroutines not yet
//     started;
//   - a Wait on a sync.Cond kept in an unexported field of the package
//     that nothing in the package ever Signals or Broadcasts.
//
// Done calls made by a function the goroutine calls, or defers, count:
// functions of the package that call Done on a parameter are followed.
// Paths that end in a panic, os.Exit or t.Fatal are not reported, nor is
// the branch on which the group's pointer itself is nil
// (`if wg != nil { defer wg.Done() }`): nothing counted a nil group.
//
// Where it is unambiguous (the goroutine is a function literal and every
// explicit Done in it ends a branch just before it returns) a skippable
// Done comes with a suggested fix: `defer wg.Done()` as the first
// statement of the goroutine, removing the other Done calls.
//
// A finding is silenced with //leaklint:ignore missingdone <reason> on its
// line, the line above, or in the doc comment of the function.
package missingdone
