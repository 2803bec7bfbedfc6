package lostsendfields

import (
	"net"
	"testing"
)

// The accept goroutine reports its failure before giving up: the test has
// failed visibly, the hang is the failure's: ok.
func acceptReported(t *testing.T, ln net.Listener) net.Conn {
	got := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			t.Errorf("accept: %v", err)
			return
		}
		got <- c
	}()
	return <-got // ok: the early return reported a failure
}

// A silent early return hangs the test with no message.
func acceptSilent(ln net.Listener) net.Conn {
	got := make(chan net.Conn)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		got <- c
	}()
	return <-got // want `receive from got may block forever, leaking the goroutine: the only goroutine that sends on it or closes it can return without doing so \(line 29\)`
}
