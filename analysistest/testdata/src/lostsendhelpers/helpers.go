// Package lostsendhelpers starts goroutines whose sends happen in another
// package's helpers.
package lostsendhelpers

import h "lostsendhelpersprod"

func _(err error) int {
	ch := make(chan int)
	go h.Send(ch, 1) // want `the goroutine sends on ch once, but this function can return without receiving from it and it is unbuffered`
	if err != nil {
		return 0
	}
	return <-ch
}

func _(xs []int) int {
	ch := make(chan int)
	go func() {
		h.SendAll(ch, xs) // want `the goroutine sends on ch in a loop, but this function can return after receiving once`
	}()
	return <-ch
}

func _(err error) int {
	ch := make(chan int)
	go h.Relay(ch) // want `goroutines send up to 2 values on ch`
	if err != nil {
		return 0
	}
	return <-ch
}

func _(err error) int {
	ch := make(chan int)
	go h.Offer(ch, 1) // ok: Offer gives up
	if err != nil {
		return 0
	}
	return <-ch
}

func _(err error) int {
	ch := make(chan int)
	go h.Keep(ch) // ok: who sends later is out of sight
	if err != nil {
		return 0
	}
	return <-ch
}
