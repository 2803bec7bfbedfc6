// Package lostsendhelpersprod defines helpers that send on a channel
// parameter; their sends travel to callers in other packages as facts.
package lostsendhelpersprod

// Send sends v once.
func Send(ch chan<- int, v int) { ch <- v } // want Send:`sends\(0: 1\)`

// SendAll sends every value.
func SendAll(ch chan<- int, vs []int) { // want SendAll:`sends\(0: many\)`
	for _, v := range vs {
		ch <- v
	}
}

// Offer gives up when nobody is receiving.
func Offer(ch chan<- int, v int) { // want Offer:`sends\(0: 0\)`
	select {
	case ch <- v:
	default:
	}
}

// Relay sends through Send.
func Relay(ch chan<- int) { Send(ch, 1); Send(ch, 2) } // want Relay:`sends\(0: 2\)`

// Keep stores the channel: how many sends follow is unknown.
func Keep(ch chan<- int) { kept = ch }

var kept chan<- int
