package leak

import (
	"cmp"
	"slices"
	"sync"

	"github.com/leaklint/leaklint/internal/track"
)

// detectorHub routes the stream package's resource events (internal/track)
// to the checks running now. It listens only while some check runs, so
// that the stream package pays nothing otherwise.
//
// A resource belongs to the check whose TestLabel the creating goroutine
// carries, read from that goroutine's own stack header at creation: about
// a microsecond, paid only while tracking. A check without labels
// (snapshot mode) takes every resource created while it runs, which is
// why that mode is not safe for parallel tests.
var detectorHub struct {
	mu       sync.Mutex
	labelled map[string]*detectorSession
	snapshot []*detectorSession
	stop     func()
}

// detectorRegister makes s receive the resources created for it until the
// returned function is called.
func detectorRegister(s *detectorSession) (unregister func()) {
	h := &detectorHub
	h.mu.Lock()
	defer h.mu.Unlock()
	if s.label != "" {
		if h.labelled == nil {
			h.labelled = make(map[string]*detectorSession)
		}
		h.labelled[s.label] = s
	} else {
		h.snapshot = append(h.snapshot, s)
	}
	if h.stop == nil {
		h.stop = track.Listen(detectorResourceCreated, detectorResourceReleased)
	}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if s.label != "" {
			delete(h.labelled, s.label)
		} else if i := slices.Index(h.snapshot, s); i >= 0 {
			h.snapshot = slices.Delete(h.snapshot, i, i+1)
		}
		if len(h.labelled) == 0 && len(h.snapshot) == 0 && h.stop != nil {
			h.stop()
			h.stop = nil
		}
	}
}

func detectorResourceCreated(r *track.Resource) {
	h := &detectorHub
	h.mu.Lock()
	anyLabelled := len(h.labelled) > 0
	h.mu.Unlock()
	label := ""
	if anyLabelled {
		label = detectorCurrentTestLabel()
	}
	h.mu.Lock()
	owners := slices.Clone(h.snapshot)
	if s := h.labelled[label]; s != nil && label != "" {
		owners = append(owners, s)
	}
	h.mu.Unlock()
	for _, s := range owners {
		s.resources.add(r)
	}
}

func detectorResourceReleased(r *track.Resource) {
	h := &detectorHub
	h.mu.Lock()
	owners := slices.Clone(h.snapshot)
	for _, s := range h.labelled {
		owners = append(owners, s)
	}
	h.mu.Unlock()
	for _, s := range owners {
		s.resources.remove(r)
	}
}

// detectorResources are the unreleased resources created for one check.
type detectorResources struct {
	mu   sync.Mutex
	open map[uint64]*track.Resource
}

func (rs *detectorResources) add(r *track.Resource) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	if r.Released() {
		return
	}
	if rs.open == nil {
		rs.open = make(map[uint64]*track.Resource)
	}
	rs.open[r.ID] = r
}

func (rs *detectorResources) remove(r *track.Resource) {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	delete(rs.open, r.ID)
}

// unreleased returns the resources still open, oldest first.
func (rs *detectorResources) unreleased() []*track.Resource {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	var out []*track.Resource
	for _, r := range rs.open {
		if !r.Released() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *track.Resource) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
