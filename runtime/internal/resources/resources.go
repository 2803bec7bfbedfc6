// Package resources collects, for each running check, the stream
// resources (StreamingContext, StreamingResultBuilder) created for it and
// not yet released. A Hub routes the stream package's events
// (internal/track) to the checks' Sets, and listens only while some check
// is registered, so that the stream package pays nothing otherwise.
//
// A resource belongs to the check whose test label the creating goroutine
// carries, read from that goroutine's own stack header at creation: about
// a microsecond, paid only while tracking. A check without a label
// (snapshot mode) takes every resource created while it runs, which is why
// that mode is not safe for parallel tests.
package resources

import (
	"cmp"
	"slices"
	"sync"

	"github.com/leaklint/leaklint/internal/track"
)

// Hub routes resource events to the registered Sets. Set CurrentLabel
// before the first Register; a Hub is safe for concurrent use.
type Hub struct {
	// CurrentLabel returns the calling goroutine's test label, "" when it
	// has none.
	CurrentLabel func() string

	mu       sync.Mutex
	labelled map[string]*Set
	snapshot []*Set
	stop     func()
}

// Register makes set receive the resources created by goroutines carrying
// label (every resource, for label "") until unregister is called.
func (h *Hub) Register(label string, set *Set) (unregister func()) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if label != "" {
		if h.labelled == nil {
			h.labelled = make(map[string]*Set)
		}
		h.labelled[label] = set
	} else {
		h.snapshot = append(h.snapshot, set)
	}
	if h.stop == nil {
		h.stop = track.Listen(h.created, h.released)
	}
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		if label != "" {
			delete(h.labelled, label)
		} else if i := slices.Index(h.snapshot, set); i >= 0 {
			h.snapshot = slices.Delete(h.snapshot, i, i+1)
		}
		if len(h.labelled) == 0 && len(h.snapshot) == 0 && h.stop != nil {
			h.stop()
			h.stop = nil
		}
	}
}

func (h *Hub) created(r *track.Resource) {
	h.mu.Lock()
	anyLabelled := len(h.labelled) > 0
	h.mu.Unlock()
	label := ""
	if anyLabelled {
		label = h.CurrentLabel()
	}
	h.mu.Lock()
	owners := slices.Clone(h.snapshot)
	if s := h.labelled[label]; s != nil && label != "" {
		owners = append(owners, s)
	}
	h.mu.Unlock()
	for _, s := range owners {
		s.add(r)
	}
}

func (h *Hub) released(r *track.Resource) {
	h.mu.Lock()
	owners := slices.Clone(h.snapshot)
	for _, s := range h.labelled {
		owners = append(owners, s)
	}
	h.mu.Unlock()
	for _, s := range owners {
		s.remove(r)
	}
}

// Set holds the unreleased resources created for one check. The zero Set
// is empty and ready; it is safe for concurrent use.
type Set struct {
	mu   sync.Mutex
	open map[uint64]*track.Resource
}

func (s *Set) add(r *track.Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if r.Released() {
		return
	}
	if s.open == nil {
		s.open = make(map[uint64]*track.Resource)
	}
	s.open[r.ID] = r
}

func (s *Set) remove(r *track.Resource) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.open, r.ID)
}

// Unreleased returns the resources still open, oldest first.
func (s *Set) Unreleased() []*track.Resource {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*track.Resource
	for _, r := range s.open {
		if !r.Released() {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *track.Resource) int { return cmp.Compare(a.ID, b.ID) })
	return out
}
