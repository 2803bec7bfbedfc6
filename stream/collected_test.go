package stream

import (
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/leaklint/leaklint/internal/track"
)

// collectReports installs an OnCollected listener for the test.
func collectReports(t *testing.T) <-chan track.Collected {
	t.Helper()
	got := make(chan track.Collected, 16)
	stop := track.OnCollected(func(c track.Collected) {
		select {
		case got <- c:
		default: // a test that floods reports fails on its own assertions
		}
	})
	t.Cleanup(stop)
	return got
}

// awaitReport runs the collector until a report with origin arrives, a
// bounded number of times. Reports from other origins (values dropped by
// other tests) are skipped.
func awaitReport(t *testing.T, got <-chan track.Collected, origin string) track.Collected {
	t.Helper()
	for range 50 {
		runtime.GC()
		// Cleanups run on their own goroutine after the cycle: give it a
		// moment, but never wait unboundedly.
		timeout := time.After(20 * time.Millisecond)
	wait:
		for {
			select {
			case c := <-got:
				if c.Origin == origin {
					return c
				}
			case <-timeout:
				break wait
			}
		}
	}
	t.Fatalf("no report for the value created at %s after 50 collections", origin)
	return track.Collected{}
}

//go:noinline
func dropOpenStreamingContext(ctx context.Context) string {
	//leaklint:ignore unclosedstream dropped on purpose: the test checks the garbage-collected-without-Close report
	_, where := NewStreamingContext(ctx), here()
	return where
}

//go:noinline
func dropOpenBuilder() string {
	//leaklint:ignore unclosedstream dropped on purpose: the test checks the garbage-collected-without-Close report
	_, where := NewStreamingResultBuilder(context.Background()), here()
	return where
}

func TestDroppedOpenStreamingContextIsReported(t *testing.T) {
	got := collectReports(t)
	ctx, cancel := context.WithCancel(context.Background())
	// Its goroutine keeps running (and references the stream's state) while
	// ctx lives: the report must come anyway, because the handle is gone.
	where := dropOpenStreamingContext(ctx)
	c := awaitReport(t, got, where)
	if c.Kind != "StreamingContext" {
		t.Fatalf("report kind %q, want StreamingContext", c.Kind)
	}
	cancel() // release the leaked goroutine
}

func TestDroppedOpenBuilderIsReported(t *testing.T) {
	got := collectReports(t)
	where := dropOpenBuilder()
	if c := awaitReport(t, got, where); c.Kind != "StreamingResultBuilder" {
		t.Fatalf("report kind %q, want StreamingResultBuilder", c.Kind)
	}
}

// Values released as documented are never reported. A dropped open value
// created after them serves as the sign that their collection has run.
func TestReleasedValuesAreNotReported(t *testing.T) {
	got := collectReports(t)
	var released []string
	func() {
		s, where := NewStreamingContext(context.Background()), here()
		s.Close()
		released = append(released, where)
		ctx, cancel := context.WithCancel(context.Background())
		s, where = NewStreamingContext(ctx), here()
		cancel()
		<-s.Done() // ended by its context, never closed: not a leak
		released = append(released, where)
		b, where := NewStreamingResultBuilder(context.Background()), here()
		b.Close()
		released = append(released, where)
	}()
	sentinel := dropOpenBuilder()
	awaitReport(t, got, sentinel)
	for {
		select {
		case c := <-got:
			for _, r := range released {
				if c.Origin == r {
					t.Fatalf("released %s created at %s was reported as collected while open", c.Kind, r)
				}
			}
		default:
			return
		}
	}
}

// The decision itself, without the collector's timing.
func TestCollectedReportDecision(t *testing.T) {
	got := collectReports(t)
	ctx, cancel := context.WithCancel(context.Background())
	open := newStreamingContext(ctx, callerOrigin(0))
	reportCollectedStream(open.state)
	if c := <-got; c.Kind != "StreamingContext" || c.Origin == "" {
		t.Fatalf("open stream reported as %+v, want kind and origin", c)
	}
	cancel()
	<-open.Done()
	reportCollectedStream(open.state)

	b := newStreamingResultBuilder(context.Background(), 0)
	reportCollectedBuilder(b.state)
	if c := <-got; c.Kind != "StreamingResultBuilder" || c.Origin != "" {
		t.Fatalf("open builder without origin reported as %+v", c)
	}
	b.Close()
	reportCollectedBuilder(b.state)
	select {
	case c := <-got:
		t.Fatalf("released value reported: %+v", c)
	default:
	}
}
