// Package undrainedchanwrap takes one value from a wrapped producer.
package undrainedchanwrap

import (
	"context"

	"undrainedchanwrapprod"
)

func first() int {
	ch := undrainedchanwrapprod.Evens(context.Background()) // want `from undrainedchanwrapprod.Evens is received only once`
	return <-ch
}
