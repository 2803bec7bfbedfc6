package handover

import (
	"sync"
	"testing"
)

// pipeBuf is a test double: the test holds mu while it writes, and lets
// the reader in when it is done.
type pipeBuf struct {
	mu   sync.Mutex
	data []byte
}

func newPipeBuf() *pipeBuf { return &pipeBuf{} }

func (p *pipeBuf) hold()    { p.mu.Lock() }   // want hold:"returns holding p0.mu"
func (p *pipeBuf) release() { p.mu.Unlock() } // want release:"releases p0.mu"

func (p *pipeBuf) Read() []byte { // want Read:"locks p0.mu"
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.data
}

func fill(p *pipeBuf, n int) error {
	p.data = make([]byte, n)
	return nil
}

// The failing test returns with the lock held, but only it ever had p:
// nothing is left to lock it again.
func checkFill(t *testing.T, n int) {
	p := newPipeBuf()
	p.hold()
	if err := fill(p, n); err != nil {
		t.Errorf("fill: %v", err)
		return // ok: p dies with the failed test
	}
	p.release()
	_ = p.Read()
}

// Here a goroutine shares p: it waits for the lock the failed test keeps.
func checkFillShared(t *testing.T, n int) {
	p := newPipeBuf()
	p.hold() // want `the lock hold returns holding is not unlocked on the path through the return at line 51`
	go func() { _ = p.Read() }()
	if err := fill(p, n); err != nil {
		t.Errorf("fill: %v", err)
		return
	}
	p.release()
}

// A plain early return is no failed test: whoever uses p next blocks.
func checkFillQuiet(n int) *pipeBuf {
	p := newPipeBuf()
	p.hold() // want `the lock hold returns holding is not unlocked on the path through the return at line 61`
	if n == 0 {
		return p
	}
	_ = fill(p, n)
	p.release()
	return p
}
