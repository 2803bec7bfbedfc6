// Package dump prints the stacks of every goroutine, as
// runtime.Stack(buf, true) does, into a buffer sized from the goroutine
// count and the previous dump, so that a dump is printed once rather than
// once per doubling of a buffer that turned out too short.
//
// goleak starts small and doubles, printing every stack again each time:
// with 10,000 goroutines that is seven dumps instead of one. Parse the
// text with package stack.
package dump

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// MaxSize bounds a dump. Beyond it a dump is truncated rather than exhaust
// memory.
const MaxSize = 512 << 20

// keepSize is the largest buffer kept for the next dump.
const keepSize = 64 << 20

// The estimate and the buffers are caches shared by every check in the
// process: what the previous dump taught about entry sizes holds for the
// next one whichever check takes it.
var (
	// bytesPerGoroutine is the average size of one goroutine's entry in
	// the last dump.
	bytesPerGoroutine atomic.Int64
	buffers           sync.Pool // *[]byte
)

func init() { bytesPerGoroutine.Store(1 << 10) }

// Dump is one dump of every goroutine's stack. Call Release when done with
// Text.
type Dump struct {
	Text []byte
	buf  *[]byte
}

// Take prints every goroutine's stack into a buffer sized from the
// goroutine count and the previous dump, with headroom for goroutines that
// start meanwhile and for deeper stacks. Only when that guess is still
// short (the dump filled the buffer) does it grow and print again.
func Take() Dump {
	perG := bytesPerGoroutine.Load()
	want := int(perG)*runtime.NumGoroutine()*5/4 + 64<<10
	bufp, _ := buffers.Get().(*[]byte)
	if bufp == nil {
		bufp = new([]byte)
	}
	for {
		if cap(*bufp) < want {
			*bufp = make([]byte, want)
		}
		buf := (*bufp)[:cap(*bufp)]
		n := runtime.Stack(buf, true)
		if n < len(buf) || len(buf) >= MaxSize {
			if gs := runtime.NumGoroutine(); gs > 0 {
				bytesPerGoroutine.Store(max(int64(n/gs), 256))
			}
			return Dump{Text: buf[:n], buf: bufp}
		}
		want = min(2*len(buf), MaxSize)
	}
}

// Release hands the buffer back for the next dump. Text must not be used
// afterwards.
func (d Dump) Release() {
	// Keep at most a moderately large buffer around between checks.
	if d.buf != nil && cap(*d.buf) <= keepSize {
		buffers.Put(d.buf)
	}
}
