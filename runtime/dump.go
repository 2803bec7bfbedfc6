package leak

import (
	"errors"
	goruntime "runtime"
	"sync"
	"sync/atomic"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorBytesPerGoroutine is the average size of one goroutine's entry in
// the last dump, so that the next dump's buffer can be sized from
// runtime.NumGoroutine alone. goleak starts small and doubles, printing
// every stack again each time the buffer turns out too short; with 10,000
// goroutines that is seven dumps instead of one.
var detectorBytesPerGoroutine atomic.Int64

func init() { detectorBytesPerGoroutine.Store(1 << 10) }

// detectorMaxDump bounds a dump. Beyond it the detector works with a
// truncated dump rather than exhaust memory.
const detectorMaxDump = 512 << 20

var detectorDumpPool sync.Pool // *[]byte

// detectorDump is one runtime.Stack(all) dump; release returns its buffer.
type detectorDump struct {
	text []byte
	buf  *[]byte
}

// detectorTakeDump prints every goroutine's stack into a buffer sized from
// the goroutine count and the previous dump, with headroom for goroutines
// that start meanwhile and for deeper stacks. Only when that guess is
// still short (the dump filled the buffer) does it grow and print again.
func detectorTakeDump() detectorDump {
	perG := detectorBytesPerGoroutine.Load()
	want := int(perG)*goruntime.NumGoroutine()*5/4 + 64<<10
	bufp, _ := detectorDumpPool.Get().(*[]byte)
	if bufp == nil {
		bufp = new([]byte)
	}
	for {
		if cap(*bufp) < want {
			*bufp = make([]byte, want)
		}
		buf := (*bufp)[:cap(*bufp)]
		n := goruntime.Stack(buf, true)
		if n < len(buf) || len(buf) >= detectorMaxDump {
			if gs := goruntime.NumGoroutine(); gs > 0 {
				detectorBytesPerGoroutine.Store(max(int64(n/gs), 256))
			}
			return detectorDump{text: buf[:n], buf: bufp}
		}
		want = min(2*len(buf), detectorMaxDump)
	}
}

func (d detectorDump) release() {
	// Keep at most a moderately large buffer around between checks.
	if d.buf != nil && cap(*d.buf) <= 64<<20 {
		detectorDumpPool.Put(d.buf)
	}
}

// detectorCurrentIDs returns the IDs of the goroutines running now.
func detectorCurrentIDs() (map[uint64]bool, error) {
	d := detectorTakeDump()
	defer d.release()
	ids := make(map[uint64]bool, goruntime.NumGoroutine())
	var g stack.Goroutine
	for it := stack.NewDump(d.text); it.Next(&g); {
		ids[g.ID] = true
	}
	if len(ids) == 0 {
		return nil, errors.New("runtime.Stack printed no goroutine the parser recognised")
	}
	return ids, nil
}
