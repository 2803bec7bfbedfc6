package confirm

// missingcancel is the analyzer whose findings explain leaks by function
// rather than by statement; see the package documentation.
const missingcancel = "missingcancel"

// Match kinds, strongest first.
const (
	SameStatement = "same statement"
	SameFunction  = "same function"
)

// RuntimeLeak is one leak of one report: a group of goroutines or an
// unclosed value.
type RuntimeLeak struct {
	Report string `json:"report"`
	Test   string `json:"test"`
	// Exactly one of Goroutines and Unclosed is set.
	Goroutines *Leak     `json:"goroutines,omitempty"`
	Unclosed   *Unclosed `json:"unclosed,omitempty"`
}

// sites returns where the leak was created first (origin, created_by), then
// where it blocks.
func (l RuntimeLeak) sites() (created []Position, blocked []Position) {
	if u := l.Unclosed; u != nil {
		return []Position{u.Origin}, nil
	}
	g := l.Goroutines
	if g.Origin != nil && g.Origin.IsValid() {
		created = append(created, *g.Origin)
	}
	if g.CreatedBy.Line > 0 {
		created = append(created, Position{File: g.CreatedBy.File, Line: g.CreatedBy.Line})
	}
	if g.Position.IsValid() {
		blocked = append(blocked, g.Position)
	}
	return created, blocked
}

// Link connects a finding and a runtime leak.
type Link struct {
	Finding int    `json:"finding"` // index into Result.Findings
	Leak    int    `json:"leak"`    // index into Result.Leaks
	Match   string `json:"match"`   // SameStatement or SameFunction
	Site    string `json:"site"`    // the leak's site that matched: "origin", "created_by" or "position"
}

// Result is the joined view.
type Result struct {
	Findings []Finding       `json:"findings"`
	Leaks    []RuntimeLeak   `json:"leaks"`
	Links    []Link          `json:"links"`
	Failures []AnalysisError `json:"analysis_errors,omitempty"`
}

// Join links findings and the leaks of reports by the rule of the package
// documentation.
func Join(findings []Finding, reports []Report) Result {
	res := Result{Findings: findings}
	for _, r := range reports {
		for i := range r.Leaks {
			res.Leaks = append(res.Leaks, RuntimeLeak{Report: r.File, Test: r.Test, Goroutines: &r.Leaks[i]})
		}
		for i := range r.Unclosed {
			res.Leaks = append(res.Leaks, RuntimeLeak{Report: r.File, Test: r.Test, Unclosed: &r.Unclosed[i]})
		}
	}
	src := newSources()
	for fi, f := range findings {
		spans := statementSpans(src, f)
		var fn []lineRange
		if f.Analyzer == missingcancel {
			if r, ok := src.function(f.Posn); ok {
				fn = append(fn, r)
			}
		}
		for li, l := range res.Leaks {
			if match, site, ok := explains(spans, fn, l); ok {
				res.Links = append(res.Links, Link{Finding: fi, Leak: li, Match: match, Site: site})
			}
		}
	}
	return res
}

func statementSpans(src *sources, f Finding) []lineRange {
	var spans []lineRange
	if r, ok := src.statement(f.Posn); ok {
		spans = append(spans, r)
	} else {
		last := f.Posn.Line
		if f.End.IsValid() {
			last = f.End.Line
		}
		spans = append(spans, lineRange{File: f.Posn.File, First: f.Posn.Line, Last: last})
	}
	for _, p := range f.Related {
		if r, ok := src.statement(p); ok {
			spans = append(spans, r)
		} else {
			spans = append(spans, lineRange{File: p.File, First: p.Line, Last: p.Line})
		}
	}
	return spans
}

func explains(spans, functions []lineRange, l RuntimeLeak) (match, site string, ok bool) {
	created, blocked := l.sites()
	names := siteNames(l)
	all := append(append([]Position(nil), created...), blocked...)
	for i, p := range all {
		for _, s := range spans {
			if s.contains(p) {
				return SameStatement, names[i], true
			}
		}
	}
	for i, p := range created {
		for _, fn := range functions {
			if fn.contains(p) {
				return SameFunction, names[i], true
			}
		}
	}
	return "", "", false
}

// siteNames names the positions returned by sites, in the same order.
func siteNames(l RuntimeLeak) []string {
	if l.Unclosed != nil {
		return []string{"origin"}
	}
	var names []string
	g := l.Goroutines
	if g.Origin != nil && g.Origin.IsValid() {
		names = append(names, "origin")
	}
	if g.CreatedBy.Line > 0 {
		names = append(names, "created_by")
	}
	if g.Position.IsValid() {
		names = append(names, "position")
	}
	return names
}
