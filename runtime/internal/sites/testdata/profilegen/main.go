// Command profilegen writes the goroutine profile fixture that the tests of
// package sites read. Regenerate it from the repository root with
//
//	go run ./runtime/internal/sites/testdata/profilegen > runtime/internal/sites/testdata/goroutines.txt
package main

import (
	"context"
	"os"
	"runtime/pprof"
	"sync"
)

func parkedWorker(started *sync.WaitGroup, release chan struct{}) {
	started.Done()
	<-release
}

func main() {
	var started sync.WaitGroup
	release := make(chan struct{})
	for range 3 {
		started.Add(1)
		go parkedWorker(&started, release)
	}
	for range 2 {
		started.Add(1)
		go func() {
			started.Done()
			<-release
		}()
	}
	started.Add(1)
	pprof.Do(context.Background(), pprof.Labels("stream", "origin"), func(context.Context) {
		go parkedWorker(&started, release)
	})
	started.Wait()
	if err := pprof.Lookup("goroutine").WriteTo(os.Stdout, 1); err != nil {
		panic(err)
	}
	close(release)
}
