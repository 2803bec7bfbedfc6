package machinery

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func TestOwnMatchesEntryAndCreatorExactly(t *testing.T) {
	parse := func(dump string) *stack.Goroutine {
		var g stack.Goroutine
		d := stack.NewDump([]byte(dump))
		require.True(t, d.Next(&g))
		return &g
	}
	for _, c := range []struct {
		name, dump string
		excluded   bool
	}{
		{"subtest", `goroutine 7 [chan receive]:
testing.(*T).Parallel(0xc000102000)
	/go/src/testing/testing.go:1700 +0x1
testing.tRunner(0xc000102000, 0x5)
	/go/src/testing/testing.go:2036 +0xea
created by testing.(*T).Run in goroutine 6
	/go/src/testing/testing.go:2101 +0x4c5
`, true},
		{"signal loop", `goroutine 5 [syscall]:
os/signal.signal_recv()
	/go/src/runtime/sigqueue.go:152 +0x98
os/signal.loop()
	/go/src/os/signal/signal_unix.go:23 +0x13
created by os/signal.Notify.func1.1 in goroutine 21
	/go/src/os/signal/signal.go:152 +0x1f
`, true},
		{"NotifyContext watcher", `goroutine 6 [select]:
os/signal.NotifyContext.func1()
	/go/src/os/signal/signal.go:292 +0x7c
created by os/signal.NotifyContext in goroutine 21
	/go/src/os/signal/signal.go:291 +0x158
`, false},
		{"user goroutine with a testing frame on top", `goroutine 9 [chan receive]:
testing.(*T).Run(0xc000102000, {0x1, 0x2}, 0x3)
	/go/src/testing/testing.go:2109 +0x4e5
example.com/p.helper()
	/src/p/p_test.go:10 +0x1
created by example.com/p.TestX in goroutine 6
	/src/p/p_test.go:20 +0x1
`, false},
		{"user goroutine run by a testing-like name", `goroutine 9 [select]:
example.com/p.tRunner()
	/src/p/p.go:10 +0x1
created by testing.(*T).Run in goroutine 6
	/go/src/testing/testing.go:2101 +0x4c5
`, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.excluded, Own(parse(c.dump)))
		})
	}
}

// The built-in list names only the runtime's and testing's go statements.
func TestOwnListIsRuntimeAndTestingOnly(t *testing.T) {
	for _, entry := range Entries() {
		ok := false
		for _, pkg := range []string{"testing.", "runtime.", "runtime/trace.", "os/signal.loop"} {
			ok = ok || strings.HasPrefix(entry, pkg)
		}
		assert.True(t, ok, "%s is not the runtime's or testing's", entry)
	}
}
