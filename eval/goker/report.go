package goker

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// Markdown renders the scores of a harness run: totals per tool, the cases
// one tool detects and another misses, and one row per case.
func Markdown(cases []Case, tools []Tool, scores []CaseScore, reps int) string {
	tools = ScoredTools(tools)
	var b strings.Builder
	fmt.Fprintf(&b, "| tool | leaky programs detected | expected leaks reported | leaked goroutines matched | false alarms (reports / programs) | leak-free programs flagged | runs (timeouts, crashes) | total wall | detector time |\n")
	fmt.Fprintf(&b, "|---|---|---|---|---|---|---|---|---|\n")
	for _, t := range tools {
		s := Sum(t.Name, scores)
		fmt.Fprintf(&b, "| %s | %d / %d | %d / %d | %d | %d / %d | %d / %d | %d (%d, %d) | %s | %s |\n",
			t.Name, s.Detected, s.LeakyCases, s.PatternsHit, s.Patterns, s.Matched,
			s.FalseAlarms, s.FalseAlarmCases, s.CleanFlagged, s.CleanCases,
			s.Runs, s.Timeouts, s.Crashes, fmtDur(s.Wall), fmtDur(s.Check))
	}
	b.WriteString("\n")
	for _, pair := range [][2]string{
		{"goleak", "leaklint"},
		{"goroutineleak profile", "goleak"},
		{"goroutineleak profile", "leaklint"},
		{"goroutineleak profile", "leaklint (experiment build)"},
		{"leaklint", "goleak"},
		{"goleak (paired)", "leaklint (experiment build, paired)"},
		{"leaklint (experiment build, paired)", "goleak (paired)"},
		{"goroutineleak profile", "leaklint (experiment build, paired)"},
	} {
		if !hasTool(tools, pair[0]) || !hasTool(tools, pair[1]) {
			continue
		}
		m := Missed(scores, pair[0], pair[1])
		list := "none"
		if len(m) > 0 {
			list = strings.Join(m, ", ")
		}
		fmt.Fprintf(&b, "- detected by %s, missed by %s (%d): %s\n", pair[0], pair[1], len(m), list)
	}
	timeByProgram(&b, cases, tools, scores)
	b.WriteString("\n<details><summary>Per program: expected leaks reported / expected, then false alarms</summary>\n\n")
	b.WriteString("| program | set | flaky |")
	for _, t := range tools {
		b.WriteString(" " + t.Name + " |")
	}
	b.WriteString("\n|---|---|---|" + strings.Repeat("---|", len(tools)) + "\n")
	idx := map[string]CaseScore{}
	for _, s := range scores {
		idx[s.Case.Name+"\x00"+s.Tool] = s
	}
	for _, c := range cases {
		if _, ok := idx[c.Name+"\x00"+tools[0].Name]; !ok {
			continue
		}
		flaky := ""
		if c.Flaky {
			flaky = "yes"
		}
		fmt.Fprintf(&b, "| %s | %s | %s |", c.Name, c.Set, flaky)
		for _, t := range tools {
			s := idx[c.Name+"\x00"+t.Name]
			cell := fmt.Sprintf("%d/%d", s.HitCount(), len(c.Leaks))
			if fa := s.FalseAlarms(); fa > 0 {
				cell += fmt.Sprintf(", FA %d", fa)
			}
			if s.Timeouts > 0 {
				cell += fmt.Sprintf(", %d timeout", s.Timeouts)
			}
			if s.Crashes > 0 {
				cell += fmt.Sprintf(", %d crash", s.Crashes)
			}
			b.WriteString(" " + cell + " |")
		}
		b.WriteString("\n")
	}
	b.WriteString("\n</details>\n")
	fa := falseAlarmKeys(scores)
	if len(fa) > 0 {
		b.WriteString("\n<details><summary>False alarms: reported goroutines that match no expected leak</summary>\n\n| tool | program | goroutine (entry [state]) | reports |\n|---|---|---|---|\n")
		for _, l := range fa {
			b.WriteString(l)
		}
		b.WriteString("\n</details>\n")
	}
	return b.String()
}

// maxFalseAlarmRows bounds the false-alarm table: one stress case can leave
// thousands of goroutines, which say no more than their count.
const maxFalseAlarmRows = 60

// args matches a frame's argument list, which differs between goroutines of
// one go statement and between runs.
var args = regexp.MustCompile(`\([^()]*\)( \[)`)

// falseAlarmKeys lists the false alarms grouped by tool, program and key
// without arguments, most frequent first.
func falseAlarmKeys(scores []CaseScore) []string {
	type row struct {
		tool, prog, key string
		n               int
	}
	idx := map[[3]string]*row{}
	var rows []*row
	for _, s := range scores {
		for k, n := range s.Unexpected {
			k = args.ReplaceAllString(k, "(...)$1")
			id := [3]string{s.Tool, s.Case.Name, k}
			r := idx[id]
			if r == nil {
				r = &row{s.Tool, s.Case.Name, k, 0}
				idx[id] = r
				rows = append(rows, r)
			}
			r.n += n
		}
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].n != rows[j].n {
			return rows[i].n > rows[j].n
		}
		return fmt.Sprint(rows[i].tool, rows[i].prog, rows[i].key) < fmt.Sprint(rows[j].tool, rows[j].prog, rows[j].key)
	})
	var out []string
	for i, r := range rows {
		if i == maxFalseAlarmRows {
			out = append(out, fmt.Sprintf("| … | %d more rows | | |\n", len(rows)-i))
			break
		}
		out = append(out, fmt.Sprintf("| %s | %s | `%s` | %d |\n", r.tool, r.prog, strings.ReplaceAll(r.key, "|", "\\|"), r.n))
	}
	return out
}

func hasTool(tools []Tool, name string) bool {
	for _, t := range tools {
		if t.Name == name {
			return true
		}
	}
	return false
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.1f s", d.Seconds())
	default:
		return fmt.Sprintf("%d ms", d.Milliseconds())
	}
}

// timeByProgram lists the programs where leaklint's checks spent most
// time, against the goroutineleak profile on the same programs, with how
// many of leaklint's reports the leak GC proved: the rest waited for the
// timeout, or for goroutines still making progress.
func timeByProgram(b *strings.Builder, cases []Case, tools []Tool, scores []CaseScore) {
	const profile = "goroutineleak profile"
	if !hasTool(tools, profile) {
		return
	}
	idx := map[string]CaseScore{}
	for _, s := range scores {
		idx[s.Case.Name+"\x00"+s.Tool] = s
	}
	for _, t := range tools {
		if !strings.HasPrefix(t.Name, "leaklint") || t.Name == "leaklint" {
			// The plain build has no leak GC: it waits on every leak.
			continue
		}
		var rows []CaseScore
		var total time.Duration
		for _, c := range cases {
			if s, ok := idx[c.Name+"\x00"+t.Name]; ok {
				rows = append(rows, s)
				total += s.Check
			}
		}
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].Check > rows[j].Check })
		const top = 10
		fmt.Fprintf(b, "\n<details><summary>Where the detector time of %s goes: the %d programs that took longest (%s of %s)</summary>\n\n", t.Name, min(top, len(rows)), fmtDur(sumCheck(rows[:min(top, len(rows))])), fmtDur(total))
		b.WriteString("| program | detector time | profile's | reports | proven by the leak GC |\n|---|---|---|---|---|\n")
		for _, s := range rows[:min(top, len(rows))] {
			p := idx[s.Case.Name+"\x00"+profile]
			fmt.Fprintf(b, "| %s | %s | %s | %d | %d |\n", s.Case.Name, fmtDur(s.Check), fmtDur(p.Check), s.Reported, s.Proven)
		}
		b.WriteString("\n</details>\n")
	}
}

func sumCheck(rows []CaseScore) time.Duration {
	var d time.Duration
	for _, s := range rows {
		d += s.Check
	}
	return d
}
