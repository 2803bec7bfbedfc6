package goker

import (
	"encoding/json"
	"strings"

	"github.com/leaklint/leaklint/eval/goker/wire"
)

// leaklintReport is the part of leak.LeakReport's JSON that scoring needs;
// it is decoded here rather than imported so that the parent does not link
// the detector it evaluates.
type leaklintReport struct {
	Leaks []struct {
		Count    int    `json:"count"`
		State    string `json:"state"`
		Definite bool   `json:"definite"`
		Function string `json:"function"`
		Stack    string `json:"stack"`
	} `json:"leaks"`
}

// ParseLeaklint expands the groups of leaklint's JSON reports into one
// Goroutine per leaked goroutine. A group shares its blocking frame and
// creator; its stack is that of one member, whose outermost frame stands
// for all of them.
func ParseLeaklint(raw string) ([]Goroutine, error) {
	parts := strings.Split(raw, wire.JSONReportMarker)
	var out []Goroutine
	for _, p := range parts[1:] {
		var r leaklintReport
		if err := json.Unmarshal([]byte(p), &r); err != nil {
			return nil, err
		}
		for _, l := range r.Leaks {
			var g Goroutine
			if gs := ParseStacks(l.Stack); len(gs) > 0 {
				g = gs[0]
			} else if gs := ParseStacks("goroutine 0 [" + l.State + "]:\n" + l.Stack); len(gs) > 0 {
				g = gs[0]
			} else {
				g = Goroutine{Entry: l.Function, Top: l.Function}
			}
			g.State, _ = normState(l.State)
			g.Leaked = l.Definite
			for i := 0; i < max(l.Count, 1); i++ {
				out = append(out, g)
			}
		}
	}
	return out, nil
}
