// Package missingdone holds shapes seen on the held-out-a corpora
// (memberlist, sarama), each written small.
package missingdone

import (
	"fmt"
	"sync"

	"heldouta/missingdone/dnsish"
)

// listener calls OnReady once it listens (miekg/dns's Server with its
// NotifyStartedFunc).
type listener struct {
	OnReady func()
	addr    string
}

func (l *listener) Serve() error {
	l.addr = "127.0.0.1:53"
	if l.OnReady != nil {
		l.OnReady()
	}
	return nil
}

// The group's Done is handed over as a method value in a field of the
// struct the goroutine serves: the goroutine counts the group down.
func readyCallback() string {
	var wg sync.WaitGroup
	wg.Add(1)
	l := &listener{OnReady: wg.Done}
	go func() {
		_ = l.Serve()
	}()
	wg.Wait() // ok
	return l.addr
}

// The same callback stored, but the goroutine is started only after the
// Wait: still reported.
func readyCallbackLate() string {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait`
	l := &listener{OnReady: wg.Done}
	wg.Wait()
	go func() {
		_ = l.Serve()
	}()
	return l.addr
}

// The server is in another package, as in memberlist's test.
func readyCallbackForeign() string {
	var wg sync.WaitGroup
	wg.Add(1)
	srv := &dnsish.Server{NotifyStartedFunc: wg.Done}
	go func() {
		_ = srv.ListenAndServe()
	}()
	wg.Wait() // ok
	return srv.Addr
}

func readyCallbackForeignLate() string {
	var wg sync.WaitGroup
	wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait`
	srv := &dnsish.Server{NotifyStartedFunc: wg.Done}
	wg.Wait()
	go func() {
		_ = srv.ListenAndServe()
	}()
	return srv.Addr
}

// As in memberlist's test: a call through an interface after the Wait
// (which may count any group down) made the pass look for the start.
func readyCallbackInvoke(s fmt.Stringer) string {
	var wg sync.WaitGroup
	wg.Add(1)
	srv := &dnsish.Server{NotifyStartedFunc: wg.Done}
	go func() {
		_ = srv.ListenAndServe()
	}()
	wg.Wait() // ok
	return srv.Addr + s.String()
}
