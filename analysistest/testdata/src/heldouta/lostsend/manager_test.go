package lostsend

import (
	"testing"
	"time"
)

// manager is go-redis's CircuitBreakerManager, small: its constructor
// starts a cleanup goroutine that only Shutdown ends.
type manager struct {
	stop chan struct{}
	n    int
}

func newManager() *manager { // want newManager:"returns a value whose goroutine is released by Shutdown"
	m := &manager{stop: make(chan struct{})}
	go m.cleanupLoop()
	return m
}

func (m *manager) cleanupLoop() {
	tick := time.NewTicker(time.Minute)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
		case <-m.stop:
			return
		}
	}
}

func (m *manager) Shutdown() { close(m.stop) }

func (m *manager) Get() int { return m.n }

// The subtest never shuts its manager down.
func TestManager(t *testing.T) {
	m := newManager() // want `goroutine may block forever: newManager returns a manager whose goroutine only manager.Shutdown releases`
	if m.Get() != 0 {
		t.Error("fresh manager")
	}
}

func TestManagerShutdown(t *testing.T) {
	m := newManager()
	defer m.Shutdown()
	if m.Get() != 0 {
		t.Error("fresh manager")
	}
}
