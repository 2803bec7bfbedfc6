package leak

import (
	"github.com/leaklint/leaklint/runtime/internal/httppool"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// droppedTransports reports the idle HTTP connections, in dump, that the
// check's code opened on a transport it then dropped (package httppool).
// It returns nil at once unless the check saw idle connections of its own
// (s.sawIdleConn).
func (s *detectorSession) droppedTransports(dump []byte) []LeakedGoroutines {
	if !s.sawIdleConn {
		return nil
	}
	s.sawIdleConn = false
	conns := map[uint64]uintptr{}
	groups := map[uint64]LeakedGoroutines{}
	var g stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if conn, ok := httppool.IdleReadLoop(&g); ok && s.mine(&g) {
			conns[g.ID] = conn
			group := detectorDescribe(&g)
			group.advice = httppool.DroppedAdvice
			groups[g.ID] = group
		}
	}
	var dropped []LeakedGoroutines
	for _, id := range httppool.Dropped(conns, func() ([]byte, func()) {
		d := detectorTakeDump()
		return d.text, d.release
	}) {
		dropped = append(dropped, groups[id])
	}
	return dropped
}
