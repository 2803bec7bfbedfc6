// Package undrainedchanflag uses a function that is a producer only
// because the -producers flag names it.
package undrainedchanflag

import "undrainedchanprod"

func _() int {
	ch := undrainedchanprod.Buffered() // want `ch from undrainedchanprod.Buffered is received only once and cancelling a context does not release this producer`
	return <-ch
}

func _() int {
	ch := undrainedchanprod.Buffered() // ok: drained
	n := 0
	for v := range ch {
		n += v
	}
	return n
}
