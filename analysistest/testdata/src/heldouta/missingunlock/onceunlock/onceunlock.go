// Package onceunlock runs the server's ListenAndServe in a goroutine, as
// memberlist's test does: the goroutine ends with the lock released.
package onceunlock

import "heldouta/missingunlock/onceunlock/server"

func serve() *server.Server {
	srv := &server.Server{}
	go func() {
		_ = srv.ListenAndServe() // ok
	}()
	return srv
}

// A goroutine that ends in a lock() helper: still reported.
func hold() *server.Server {
	srv := &server.Server{}
	go func() {
		srv.Hold() // want `the goroutine exits still holding the lock Hold returns holding on every path`
	}()
	return srv
}
