package leak

import (
	"errors"
	goruntime "runtime"

	"github.com/leaklint/leaklint/runtime/internal/dump"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorDump is one runtime.Stack(all) dump (package dump); release
// returns its buffer.
type detectorDump struct {
	text []byte
	d    dump.Dump
}

// detectorTakeDump prints every goroutine's stack in one right-sized
// dump.
func detectorTakeDump() detectorDump {
	d := dump.Take()
	return detectorDump{text: d.Text, d: d}
}

func (d detectorDump) release() { d.d.Release() }

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
