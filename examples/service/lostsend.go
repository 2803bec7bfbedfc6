package service

import "context"

// Backend answers lookups, possibly slowly.
type Backend func(key string) string

// Lookup asks backend for key but gives up when ctx is done.
//
// LEAK (lostsend): when ctx wins the select, nobody will ever receive from
// result, and the goroutine blocks on its send for ever.
func Lookup(ctx context.Context, backend Backend, key string) (string, error) {
	result := make(chan string)
	go func() {
		result <- backend(key)
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// LookupFixed is Lookup with room for the one late answer: the goroutine
// can always complete its send and exit.
func LookupFixed(ctx context.Context, backend Backend, key string) (string, error) {
	result := make(chan string, 1)
	go func() {
		result <- backend(key)
	}()
	select {
	case v := <-result:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
