// Package service is a deliberately leaky little service: for each kind of
// goroutine leak that leaklint's passes target it has one leaking function
// and, next to it, the fixed twin.
//
//	leak                     pass            fixed twin
//	Lookup                   lostsend        LookupFixed
//	WatchSession             missingcancel   WatchSessionFixed
//	CountEvents              unclosedstream  CountEventsFixed
//	FirstChunk               undrainedchan   FirstChunkFixed
//	Quotas.Use               missingunlock   Quotas.UseFixed
//	FetchAll                 missingdone     FetchAllFixed
//
// `go run ./cmd/leaklint ./examples/...` finds the six leaks statically;
// the package's tests confirm each of them at run time with the runtime
// detector (and show that the twins leak nothing), and
// `leaklint confirm` joins both views. See docs/confirm.md.
package service
