package leak_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	leak "github.com/leaklint/leaklint/runtime"
	"github.com/leaklint/leaklint/stream"
)

// exampleDetectorT stands in for the *testing.T of a test named TestHandler. It
// prints the parts of a report that do not depend on the machine: the
// summary without timings, and the functions of each group.
type exampleDetectorT struct{}

func (exampleDetectorT) Name() string { return "TestHandler" }

func (exampleDetectorT) Errorf(format string, args ...any) {
	for _, line := range strings.Split(fmt.Sprintf(format, args...), "\n") {
		switch {
		case strings.HasPrefix(line, "leak: "):
			summary, _, _ := strings.Cut(line, " after ")
			fmt.Println(summary)
		case strings.HasPrefix(strings.TrimSpace(line), "blocked at  "), strings.HasPrefix(strings.TrimSpace(line), "created by  "):
			fmt.Println(strings.TrimSpace(line))
		case strings.Contains(line, " created at "):
			kind, _, _ := strings.Cut(strings.TrimSpace(line), " at ")
			fmt.Println(kind)
		}
	}
}

// exampleProducer sends results to a consumer that may give up early: the classic
// goroutine leak.
func exampleProducer(results chan<- int) {
	for i := range 3 {
		results <- i
	}
	close(results)
}

func ExampleVerifyNoLeaks() {
	// In a test, pass the test's t instead of exampleDetectorT{}.
	leak.VerifyNoLeaks(exampleDetectorT{}, func() {
		results := make(chan int)
		//leaklint:ignore lostsend the example shows the detector reporting this leak
		go exampleProducer(results)
		<-results // takes the first result and returns
	}, leak.WithTimeout(50*time.Millisecond))
	// Output:
	// leak: 1 goroutine started by TestHandler still running
	// blocked at  github.com/leaklint/leaklint/runtime_test.exampleProducer
	// created by  github.com/leaklint/leaklint/runtime_test.ExampleVerifyNoLeaks.func1
}

func ExampleVerifyStreamingNoLeaks() {
	leak.VerifyStreamingNoLeaks(exampleDetectorT{}, func(h *leak.StreamingTestHelper) {
		ctx := context.Background()
		// Streams made through h are closed or cancelled when the function
		// returns, drained or not.
		chunks, err := h.StreamJSON(ctx, map[string]int{"a": 1}, 4)
		if err != nil {
			panic(err)
		}
		<-chunks
		// The code under test forgets to close its own stream.
		//leaklint:ignore unclosedstream left open on purpose: the example shows the unclosed-stream report
		s := stream.NewStreamingContext(ctx)
		_ = s.Send("event")
	}, leak.WithTimeout(50*time.Millisecond), leak.WithExcludePatterns(`leaklint/stream\.`))
	// Output:
	// leak: 1 stream resource created by TestHandler never closed
	// StreamingContext created
}

// In a package's main_test.go, VerifyTestMain checks all the package's
// tests at once, after they pass; the binary then exits.
func ExampleVerifyTestMain() {
	var m *testing.M // func TestMain(m *testing.M) { leak.VerifyTestMain(m) }
	if m != nil {
		leak.VerifyTestMain(m)
	}
}

// exampleDetectorM stands in for the *testing.M of a package whose tests leave a
// goroutine behind.
type exampleDetectorM struct{ release chan struct{} }

func (m exampleDetectorM) Run() int {
	go func() { <-m.release }()
	return 0
}

func ExampleCheckTestMain() {
	m := exampleDetectorM{release: make(chan struct{})}
	defer close(m.release)
	var report strings.Builder
	code := leak.CheckTestMain(m, &report, leak.WithTimeout(50*time.Millisecond))
	summary, _, _ := strings.Cut(report.String(), " after ")
	fmt.Println(summary)
	fmt.Println("exit code", code)
	// Output:
	// leak: 1 goroutine started by TestMain still running
	// exit code 1
}
