package lostsendconsume

import (
	"errors"

	"lostsendconsumeprod"
)

func produce(n int) error {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range n {
			ch <- i // want `send may block forever, leaking the goroutine: the goroutine sends on ch in a loop, but Apply may return before draining it`
		}
	}()
	return lostsendconsumeprod.Apply(ch)
}

func produceAll(n int) int {
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := range n {
			ch <- i // ok: Sum drains it
		}
	}()
	return lostsendconsumeprod.Sum(ch)
}

func check(results <-chan error) error { // want check:`may return before draining\(0: 0\)`
	if results == nil {
		return errors.New("no results")
	}
	for err := range results {
		if err != nil {
			return err
		}
	}
	return nil
}

func runAll(jobs []func() error) error {
	results := make(chan error)
	go func() {
		defer close(results)
		for _, j := range jobs {
			results <- j() // want `send may block forever, leaking the goroutine: the goroutine sends on results in a loop, but check may return before draining it \(it returns at line 33 without seeing the channel closed\)`
		}
	}()
	return check(results)
}

func waitOne(done <-chan error) error { return <-done } // want waitOne:`may return before draining\(0: 1\)`

func single() error {
	done := make(chan error)
	go func() { done <- nil }() // ok: one send, one receive
	return waitOne(done)
}

func runAllBuffered(jobs []func() error) error {
	results := make(chan error, len(jobs))
	go func() {
		defer close(results)
		for _, j := range jobs {
			results <- j() // ok: room for every result (a computed buffer is the author's count)
		}
	}()
	return check(results)
}
