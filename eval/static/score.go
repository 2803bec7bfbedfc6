package static

import (
	"path/filepath"
	"sort"
)

// Program is one corpus scenario with the functions its expected leaks live
// in.
type Program struct {
	Name, File string
	// LeakFuncs are the top-level functions named by the expectations.
	LeakFuncs map[string]bool
	Leaky     bool
}

// Attribution is where one finding lands in the corpus.
type Attribution struct {
	Finding
	// Program is the scenario whose expected-leak function holds the
	// finding, or "" when the finding is elsewhere in the file.
	Program string
	Func    string
	// FilePrograms are all scenarios registered in the finding's file.
	FilePrograms []string
}

// Attribute maps findings to programs. funcs gives the top-level functions
// per file base name.
func Attribute(fs []Finding, progs []Program, funcs map[string][]Func) []Attribution {
	byFile := map[string][]Program{}
	for _, p := range progs {
		byFile[p.File] = append(byFile[p.File], p)
	}
	var out []Attribution
	for _, f := range fs {
		base := filepath.Base(f.File)
		a := Attribution{Finding: f, Func: Enclosing(funcs[base], f.Line)}
		for _, p := range byFile[base] {
			a.FilePrograms = append(a.FilePrograms, p.Name)
			if a.Program == "" && a.Func != "" && p.LeakFuncs[a.Func] {
				a.Program = p.Name
			}
		}
		out = append(out, a)
	}
	return out
}

// AnalyzerScore sums the attributions of one analyzer.
type AnalyzerScore struct {
	Tool, Analyzer string
	Findings       int
	// OnLeak counts findings inside a function an expected leak names.
	OnLeak int
	// ProgramsOnLeak are the leaky programs with a finding in one of their
	// leak functions; ProgramsInFile those with a finding anywhere in
	// their file.
	ProgramsOnLeak, ProgramsInFile []string
}

// Summarize groups attributions by analyzer, sorted by name.
func Summarize(tool string, as []Attribution, progs []Program) []AnalyzerScore {
	leaky := map[string]bool{}
	for _, p := range progs {
		leaky[p.Name] = p.Leaky
	}
	type sets struct{ onLeak, inFile map[string]bool }
	by := map[string]*AnalyzerScore{}
	ss := map[string]*sets{}
	for _, a := range as {
		s := by[a.Analyzer]
		if s == nil {
			s = &AnalyzerScore{Tool: tool, Analyzer: a.Analyzer}
			by[a.Analyzer] = s
			ss[a.Analyzer] = &sets{map[string]bool{}, map[string]bool{}}
		}
		s.Findings++
		if a.Program != "" {
			s.OnLeak++
			if leaky[a.Program] {
				ss[a.Analyzer].onLeak[a.Program] = true
			}
		}
		for _, p := range a.FilePrograms {
			if leaky[p] {
				ss[a.Analyzer].inFile[p] = true
			}
		}
	}
	var out []AnalyzerScore
	for name, s := range by {
		s.ProgramsOnLeak = keys(ss[name].onLeak)
		s.ProgramsInFile = keys(ss[name].inFile)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Analyzer < out[j].Analyzer })
	return out
}

// Union is the number of distinct leaky programs flagged on a leak function
// by any of the scores.
func Union(scores []AnalyzerScore) []string {
	m := map[string]bool{}
	for _, s := range scores {
		for _, p := range s.ProgramsOnLeak {
			m[p] = true
		}
	}
	return keys(m)
}

func keys(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
