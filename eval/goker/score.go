package goker

import (
	"sort"
	"time"
)

// Outcomes of one child process.
const (
	OutcomeOK      = "ok"
	OutcomeTimeout = "timeout"
	OutcomeCrash   = "crash"
)

// Run is one scenario run in its own process under one tool.
type Run struct {
	Program string
	Tool    string
	Rep     int
	Outcome string
	Err     string
	// Wall is the whole child process, start-up included.
	Wall time.Duration
	// Scenario is the scenario with its own settling wait; Check the
	// detector's work after it (for the profile: writing the profile).
	Scenario, Check time.Duration
	Reports         []Goroutine
	// pairedRaw and pairedCheck carry goleak's half of a paired run until
	// it is split off.
	pairedRaw   string
	pairedCheck time.Duration
}

// CaseScore sums the runs of one case under one tool.
type CaseScore struct {
	Case     Case
	Tool     string
	Runs     int
	Timeouts int
	Crashes  int
	// Reported counts reported goroutines over all runs; Matched those
	// that match one of the case's expected leaks.
	Reported int
	Matched  int
	// Unexpected counts, per Key, reports that match no expected leak:
	// false alarms by the corpus' definition.
	Unexpected map[string]int
	// Hit[i] is set when Case.Leaks[i] matched a report in some run.
	Hit         []bool
	Wall, Check time.Duration
	// Proven counts reports marked leaked by the runtime's leak GC.
	Proven int
}

// Detected reports whether any expected leak of the case was reported.
func (s CaseScore) Detected() bool {
	for _, h := range s.Hit {
		if h {
			return true
		}
	}
	return false
}

// HitCount is the number of distinct expected leaks reported.
func (s CaseScore) HitCount() int {
	n := 0
	for _, h := range s.Hit {
		if h {
			n++
		}
	}
	return n
}

// FalseAlarms is the number of reports that match no expected leak.
func (s CaseScore) FalseAlarms() int {
	n := 0
	for _, c := range s.Unexpected {
		n += c
	}
	return n
}

// Score matches the reports of the runs of one case under one tool.
func Score(c Case, tool string, runs []Run) CaseScore {
	s := CaseScore{Case: c, Tool: tool, Unexpected: map[string]int{}, Hit: make([]bool, len(c.Leaks))}
	for _, r := range runs {
		if r.Program != c.Name || r.Tool != tool {
			continue
		}
		s.Runs++
		s.Wall += r.Wall
		s.Check += r.Check
		switch r.Outcome {
		case OutcomeTimeout:
			s.Timeouts++
		case OutcomeCrash:
			s.Crashes++
		}
		for _, g := range r.Reports {
			s.Reported++
			if g.Leaked {
				s.Proven++
			}
			key := g.Key()
			matched := false
			for i, re := range c.Leaks {
				if re.MatchString(key) {
					s.Hit[i] = true
					matched = true
					break
				}
			}
			if matched {
				s.Matched++
			} else {
				s.Unexpected[key]++
			}
		}
	}
	return s
}

// Totals sums the scores of one tool over a set of cases.
type Totals struct {
	Tool string
	// Cases with at least one expected leak, and how many of them had one
	// reported.
	LeakyCases, Detected int
	// Expected leak patterns, and how many were reported at least once.
	Patterns, PatternsHit int
	Matched               int
	// FalseAlarms counts reports matching no expected leak, in
	// FalseAlarmCases cases; CleanCases have no expected leak at all and
	// CleanFlagged of them got a report.
	FalseAlarms, FalseAlarmCases int
	CleanCases, CleanFlagged     int
	Runs, Timeouts, Crashes      int
	Wall, Check                  time.Duration
}

// Sum totals scores of a single tool.
func Sum(tool string, scores []CaseScore) Totals {
	t := Totals{Tool: tool}
	for _, s := range scores {
		if s.Tool != tool {
			continue
		}
		if len(s.Case.Leaks) > 0 {
			t.LeakyCases++
			if s.Detected() {
				t.Detected++
			}
		} else {
			t.CleanCases++
			if s.Reported > 0 {
				t.CleanFlagged++
			}
		}
		t.Patterns += len(s.Case.Leaks)
		t.PatternsHit += s.HitCount()
		t.Matched += s.Matched
		if fa := s.FalseAlarms(); fa > 0 {
			t.FalseAlarms += fa
			t.FalseAlarmCases++
		}
		t.Runs += s.Runs
		t.Timeouts += s.Timeouts
		t.Crashes += s.Crashes
		t.Wall += s.Wall
		t.Check += s.Check
	}
	return t
}

// Missed lists the cases in which tool a detected an expected leak and tool b
// did not.
func Missed(scores []CaseScore, a, b string) []string {
	det := map[string]map[string]bool{a: {}, b: {}}
	for _, s := range scores {
		if det[s.Tool] != nil && s.Detected() {
			det[s.Tool][s.Case.Name] = true
		}
	}
	var out []string
	for name := range det[a] {
		if !det[b][name] {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
