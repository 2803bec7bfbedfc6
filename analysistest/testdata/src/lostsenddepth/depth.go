// Package lostsenddepth is checked with -lostsend.depth=0: sends inside
// helper functions are not followed, so their channels are left alone.
package lostsenddepth

func send(ch chan<- int) { ch <- 1 } // want send:`sends\(0: 1\)`

func _(err error) {
	ch := make(chan int)
	go func() { send(ch) }() // ok: the send is one call deep
	if err != nil {
		return
	}
	<-ch
}

func _(err error) {
	ch := make(chan int)
	go func() { ch <- 1 }() // want `without receiving from it`
	if err != nil {
		return
	}
	<-ch
}
