module github.com/leaklint/leaklint/bench

go 1.26.0

require (
	github.com/leaklint/leaklint v0.0.0
	go.uber.org/goleak v1.3.0
)

replace github.com/leaklint/leaklint => ../
