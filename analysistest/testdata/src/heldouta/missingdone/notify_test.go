package missingdone

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"heldouta/missingdone/dnsish"
)

// memberlist's TestMemberList_ResolveAddr_TCP_First, small: the deferred
// Shutdown and the goroutine both name the server.
func TestReady(t *testing.T) {
	var wg sync.WaitGroup
	wg.Add(1)
	server := &dnsish.Server{
		Addr:              "127.0.0.1:0",
		NotifyStartedFunc: wg.Done,
	}
	defer func() {
		if err := server.Shutdown(); err != nil {
			t.Fatalf("err: %v", err)
		}
	}()
	go func() {
		if err := server.ListenAndServe(); err != nil && !strings.Contains(err.Error(), "closed") {
			t.Errorf("err: %v", err)
		}
	}()
	wg.Wait() // ok
	var addr fmt.Stringer = addrOf(server.Addr)
	_ = addr.String() // a call through an interface, that may count any group down
}

type addrOf string

func (a addrOf) String() string { return string(a) }
