package leak

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/leaklint/leaklint/internal/track"
)

// MonitorCollectedSite counts the stream resources of one kind, created at
// one place, that the garbage collector reclaimed while they were still
// open: each is a Close that never happened.
type MonitorCollectedSite struct {
	Kind   string `json:"kind"`   // "StreamingContext" or "StreamingResultBuilder"
	Origin string `json:"origin"` // the creator's file:line; empty when unknown
	Count  int    `json:"count"`
}

// monitorCollectedLimit bounds the distinct origins the monitor remembers,
// so that a program creating resources from generated code cannot grow the
// monitor without bound. Later origins are counted under
// monitorCollectedOverflow.
const (
	monitorCollectedLimit    = 256
	monitorCollectedOverflow = "(other origins)"
)

// monitorCollectedSet counts collected resources by kind and origin.
type monitorCollectedSet struct {
	counts map[track.Collected]int
	total  int64
}

func (s *monitorCollectedSet) add(c track.Collected) {
	if s.counts == nil {
		s.counts = make(map[track.Collected]int)
	}
	if _, ok := s.counts[c]; !ok && len(s.counts) >= monitorCollectedLimit {
		c = track.Collected{Kind: c.Kind, Origin: monitorCollectedOverflow}
	}
	s.counts[c]++
	s.total++
}

// top returns at most n sites, largest first.
func (s *monitorCollectedSet) top(n int) []MonitorCollectedSite {
	sites := make([]MonitorCollectedSite, 0, len(s.counts))
	for c, count := range s.counts {
		sites = append(sites, MonitorCollectedSite{Kind: c.Kind, Origin: c.Origin, Count: count})
	}
	slices.SortFunc(sites, func(a, b MonitorCollectedSite) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Kind, b.Kind))
	})
	if len(sites) > n {
		sites = sites[:n]
	}
	return sites
}

// monitorWatchCollected subscribes to the stream package's reports of
// resources collected while open.
func monitorWatchCollected(record func(track.Collected)) (stop func()) {
	return track.OnCollected(record)
}

// recordCollected runs on the runtime's cleanup goroutine: it only counts,
// and the monitor's own goroutine raises the alert at its next sample.
func (m *GoroutineMonitor) recordCollected(c track.Collected) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending.add(c)
	m.total.add(c)
}

func monitorCollectedStrings(sites []MonitorCollectedSite) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		origin := s.Origin
		if origin == "" {
			origin = "unknown origin"
		}
		out[i] = fmt.Sprintf("%d %s created at %s", s.Count, s.Kind, origin)
	}
	return out
}
