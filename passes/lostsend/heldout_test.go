package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

// TestHeldout holds the shapes reviewed on held-out corpora (prometheus,
// caddy, etcd), each written small.
func TestHeldout(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "heldoutlostsend")
}

// TestHeldoutUncalledFake: a fake's method that nothing calls, directly or
// through the interface the fake is boxed in, receives from a channel
// nothing feeds. The receive never runs: a finding needs a call that can
// be shown to reach the method (chansummary.Summary.Runs), and a box in
// the package's own interface, never called through by that name, is not
// one (etcd storage/mvcc/kvstore_test.go:1102).
func TestHeldoutUncalledFake(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "heldoutlostsendfake")
}

// TestBoxedMethods: a blocking method that only an interface call could
// reach is reported when such a call can be shown (a call of its name, a
// box out of sight code can call it through, the exported API), and not
// otherwise.
func TestBoxedMethods(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendboxed")
}

// TestHeldoutA holds the shapes reviewed on the held-out-a corpora
// (raft, memberlist, serf, nats.go, go-redis, sarama, kafka-go).
func TestHeldoutA(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "heldouta/lostsend")
}

// TestHeldoutB holds the shapes reviewed on the second set of held-out
// corpora (syncthing lib/ignore/ignore_test.go:439, :1305, :1324): a
// constructor that starts its goroutine only under a flag that nothing
// but its options can set starts none for a call that passes no option;
// one that starts it on every path that does not fail is a lifecycle for
// every call, and a flag the caller passes in is not an option. And moby's
// portallocator test (osallocator_linux_test.go:311, :343): a loop that
// returns once two flags set from `!ok` of receives hold has seen both
// channels closed (chanflow.ClosedEdge). syncthing's pipeline stages
// (folder_sendrecv_test.go): one result per job ranged from a channel the
// test feeds is a count the test paces (paced.go); its watchLoop
// (basicfs_watch.go): a send only under a test of another channel's len
// cannot be shown to run (overflow.go).
func TestHeldoutB(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "heldoutblostsend")
}
