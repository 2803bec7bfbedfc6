// Package collected counts the stream resources (StreamingContext,
// StreamingResultBuilder) that the garbage collector reclaimed while still
// open, by kind and by where they were created, in bounded memory.
package collected

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/leaklint/leaklint/internal/track"
)

// Limit bounds the distinct origins a Set remembers, so that a program
// creating resources from generated code cannot grow it without bound.
// Later origins are counted under Overflow.
const (
	Limit    = 256
	Overflow = "(other origins)"
)

// Site counts the resources of one kind created at one place: the fields
// of the public MonitorCollectedSite, in the same order, so that one
// converts to the other.
type Site struct {
	Kind   string
	Origin string // the creator's file:line; empty when unknown
	Count  int
}

// Set counts collected resources by kind and origin. The zero Set is
// empty and ready; it is not safe for concurrent use.
type Set struct {
	counts map[track.Collected]int
	total  int64
}

// Add counts one resource.
func (s *Set) Add(c track.Collected) {
	if s.counts == nil {
		s.counts = make(map[track.Collected]int)
	}
	if _, ok := s.counts[c]; !ok && len(s.counts) >= Limit {
		c = track.Collected{Kind: c.Kind, Origin: Overflow}
	}
	s.counts[c]++
	s.total++
}

// Total is how many resources the set has counted.
func (s *Set) Total() int64 { return s.total }

// Origins is how many distinct kinds and origins it holds.
func (s *Set) Origins() int { return len(s.counts) }

// Top returns at most n sites, largest first.
func (s *Set) Top(n int) []Site {
	sites := make([]Site, 0, len(s.counts))
	for c, count := range s.counts {
		sites = append(sites, Site{Kind: c.Kind, Origin: c.Origin, Count: count})
	}
	slices.SortFunc(sites, func(a, b Site) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Origin, b.Origin), cmp.Compare(a.Kind, b.Kind))
	})
	if len(sites) > n {
		sites = sites[:n]
	}
	return sites
}

// Watch subscribes record to the stream package's reports of resources
// collected while open. record runs on the runtime's cleanup goroutine.
func Watch(record func(track.Collected)) (stop func()) {
	return track.OnCollected(record)
}

// Strings renders sites one a line, for logs and the report.
func Strings(sites []Site) []string {
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
