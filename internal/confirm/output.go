package confirm

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// WriteText prints the joined view for people: findings with what
// confirmed them, then leaks with what explains them, then a summary.
// Paths under the working directory are shown relative to it.
func WriteText(w io.Writer, res Result) error {
	short := relativizer()
	byFinding := make([][]Link, len(res.Findings))
	byLeak := make([][]Link, len(res.Leaks))
	for _, l := range res.Links {
		byFinding[l.Finding] = append(byFinding[l.Finding], l)
		byLeak[l.Leak] = append(byLeak[l.Leak], l)
	}
	p := &printer{w: w}
	p.printf("Static findings (%d):\n", len(res.Findings))
	confirmed := 0
	for i, f := range res.Findings {
		p.printf("  %s: %s: %s\n", short(f.Posn), f.Analyzer, f.Message)
		if len(byFinding[i]) == 0 {
			p.printf("      not confirmed: no run reported a leak here\n")
			continue
		}
		confirmed++
		for _, l := range byFinding[i] {
			p.printf("      confirmed by %s: %s (%s, %s)\n", testName(res.Leaks[l.Leak]), describeLeak(res.Leaks[l.Leak], short), l.Match, l.Site)
		}
	}
	p.printf("\nRuntime leaks (%d):\n", len(res.Leaks))
	unexplained := 0
	for i, l := range res.Leaks {
		p.printf("  %s: %s\n", testName(l), describeLeak(l, short))
		if len(byLeak[i]) == 0 {
			unexplained++
			p.printf("      unexplained (a gap in the passes)\n")
			continue
		}
		for _, link := range byLeak[i] {
			f := res.Findings[link.Finding]
			p.printf("      explained by %s at %s (%s, %s)\n", f.Analyzer, short(f.Posn), link.Match, link.Site)
		}
	}
	for _, e := range res.Failures {
		p.printf("\nwarning: analyzer %s failed on %s, its findings are missing: %s\n", e.Analyzer, e.Package, e.Err)
	}
	p.printf("\n%d of %d findings confirmed; %d of %d leaks explained, %d unexplained\n",
		confirmed, len(res.Findings), len(res.Leaks)-unexplained, len(res.Leaks), unexplained)
	return p.err
}

type printer struct {
	w   io.Writer
	err error
}

func (p *printer) printf(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func testName(l RuntimeLeak) string {
	if l.Test == "" {
		return "(unnamed check)"
	}
	return l.Test
}

func describeLeak(l RuntimeLeak, short func(Position) string) string {
	if u := l.Unclosed; u != nil {
		return fmt.Sprintf("%s never closed, created at %s", u.Kind, short(u.Origin))
	}
	g := l.Goroutines
	var b strings.Builder
	noun := "goroutine"
	if g.Count != 1 {
		noun = "goroutines"
	}
	fmt.Fprintf(&b, "%d %s [%s]", g.Count, noun, g.State)
	if g.Position.IsValid() {
		fmt.Fprintf(&b, " at %s", short(g.Position))
	}
	if g.Origin != nil && g.Origin.IsValid() {
		fmt.Fprintf(&b, ", origin %s", short(*g.Origin))
	}
	if g.CreatedBy.Line > 0 {
		fmt.Fprintf(&b, ", created at %s", short(Position{File: g.CreatedBy.File, Line: g.CreatedBy.Line}))
	}
	return b.String()
}

func relativizer() func(Position) string {
	wd, err := os.Getwd()
	return func(p Position) string {
		if err == nil {
			if rel, err := filepath.Rel(wd, p.File); err == nil && !strings.HasPrefix(rel, "..") && filepath.IsAbs(p.File) {
				p.File = rel
			}
		}
		return p.String()
	}
}

// jsonResult is the -json form: links are spelled out on both sides so
// that a consumer needs no index arithmetic.
type jsonResult struct {
	Findings []jsonFinding   `json:"findings"`
	Leaks    []jsonLeak      `json:"leaks"`
	Failures []AnalysisError `json:"analysis_errors,omitempty"`
	Summary  map[string]int  `json:"summary"`
}

type jsonFinding struct {
	Finding
	ConfirmedBy []jsonRef `json:"confirmed_by"`
}

type jsonLeak struct {
	RuntimeLeak
	ExplainedBy []jsonRef `json:"explained_by"`
	Unexplained bool      `json:"unexplained"`
}

type jsonRef struct {
	Index int    `json:"index"` // into the other list
	Match string `json:"match"`
	Site  string `json:"site"`
}

// WriteJSON prints the joined view as JSON.
func WriteJSON(w io.Writer, res Result) error {
	out := jsonResult{Failures: res.Failures, Summary: map[string]int{}}
	for _, f := range res.Findings {
		out.Findings = append(out.Findings, jsonFinding{Finding: f, ConfirmedBy: []jsonRef{}})
	}
	for _, l := range res.Leaks {
		out.Leaks = append(out.Leaks, jsonLeak{RuntimeLeak: l, ExplainedBy: []jsonRef{}})
	}
	for _, l := range res.Links {
		out.Findings[l.Finding].ConfirmedBy = append(out.Findings[l.Finding].ConfirmedBy, jsonRef{Index: l.Leak, Match: l.Match, Site: l.Site})
		out.Leaks[l.Leak].ExplainedBy = append(out.Leaks[l.Leak].ExplainedBy, jsonRef{Index: l.Finding, Match: l.Match, Site: l.Site})
	}
	if out.Findings == nil {
		out.Findings = []jsonFinding{}
	}
	if out.Leaks == nil {
		out.Leaks = []jsonLeak{}
	}
	out.Summary["findings"] = len(out.Findings)
	out.Summary["leaks"] = len(out.Leaks)
	for _, f := range out.Findings {
		if len(f.ConfirmedBy) > 0 {
			out.Summary["confirmed"]++
		}
	}
	for i := range out.Leaks {
		if len(out.Leaks[i].ExplainedBy) == 0 {
			out.Leaks[i].Unexplained = true
			out.Summary["unexplained"]++
		}
	}
	out.Summary["explained"] = out.Summary["leaks"] - out.Summary["unexplained"]
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
