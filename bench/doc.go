// Package bench compares leaklint's runtime detector with
// go.uber.org/goleak. It is a module of its own so that the main module
// does not depend on goleak; run it with
//
//	go -C bench test -run '^$' -bench . -benchtime 5x -count 6
package bench
