package leak_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	leak "github.com/leaklint/leaklint/runtime"
)

// exampleWorker stands for a handler goroutine that waits forever.
func exampleWorker(release <-chan struct{}) { <-release }

func ExampleGoroutineMonitor() {
	release := make(chan struct{})
	defer close(release)

	m := leak.NewGoroutineMonitor()
	m.SetInterval(10 * time.Millisecond)
	m.SetAlertThreshold(runtime.NumGoroutine() + 50)
	alerts := make(chan leak.GoroutineSample, 1)
	m.SetAlertCallback(func(s leak.GoroutineSample) {
		if s.Reason == leak.MonitorAlertThreshold {
			alerts <- s
		}
	})

	for range 100 {
		go exampleWorker(release) // the leak
	}
	m.Start()
	defer m.Stop()

	alert := <-alerts
	fmt.Println("alert:", alert.Reason, alert.Count >= alert.Threshold)
	top := alert.TopSites[0]
	fmt.Println("top site:", top.Function[strings.LastIndex(top.Function, "/")+1:])
	// Output:
	// alert: threshold true
	// top site: runtime_test.exampleWorker
}

// Each operation is recorded once, with RecordOperation; RecordError then
// marks it failed, without counting another operation.
func ExampleResourceTracker() {
	tr := leak.NewResourceTracker()
	for _, err := range []error{nil, errors.New("timeout"), nil} {
		tr.RecordOperation()
		if err != nil {
			tr.RecordError()
		}
	}
	r := tr.Report()
	fmt.Printf("%d operations, %d errors, error rate %.0f%%\n", r.Operations, r.Errors, 100*r.ErrorRate)
	// Output:
	// 3 operations, 1 errors, error rate 33%
}

func ExampleStreamingResourceGuard() {
	g := leak.NewStreamingResourceGuard(context.Background())
	values := make(chan int)

	// A producer that stops when the guard's context is cancelled.
	g.Go(func(ctx context.Context) {
		for i := 0; ; i++ {
			select {
			case values <- i:
			case <-ctx.Done():
				return
			}
		}
	})
	fmt.Println(<-values, <-values, <-values)

	fmt.Println("cleanup:", g.Cleanup())
	// Output:
	// 0 1 2
	// cleanup: <nil>
}

func ExampleStreamingResourceGuard_Cleanup() {
	g := leak.NewStreamingResourceGuard(context.Background(), leak.WithGuardTimeout(10*time.Millisecond))
	stuck := make(chan struct{})
	defer close(stuck)

	g.RegisterStream()
	go func() {
		defer g.CompleteStream()
		<-stuck // ignores g.Context(): Cleanup cannot stop it
	}()

	err := g.Cleanup()
	var open *leak.GuardCleanupError
	if errors.As(err, &open) {
		for _, origin := range open.Open {
			fmt.Println("still open, registered at", filepath.Base(origin))
		}
	}
	// Output:
	// still open, registered at example_monitor_test.go:90
}
