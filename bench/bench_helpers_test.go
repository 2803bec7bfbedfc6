package bench

import (
	"fmt"
	"sync"
	"testing"
)

// parked starts n goroutines blocked until the returned function is
// called: the steady population of a busy server.
func parked(n int) (release func()) {
	ch := make(chan struct{})
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			wg.Done()
			<-ch
		}()
	}
	wg.Wait()
	return func() { close(ch) }
}

// recorder is a TestingT for both libraries that keeps what they report.
type recorder struct {
	name string
	mu   sync.Mutex
	errs []string
}

func (r *recorder) Name() string { return r.name }

func (r *recorder) Error(args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprint(args...))
}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) failed() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.errs) > 0
}

var _ = testing.Short
