package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/leaklint/leaklint/eval/goker"
	"github.com/leaklint/leaklint/eval/static"
)

// staticCorpus copies the unadapted corpus into a scratch module: the
// programs as Go ships them, main.go included, so that line numbers match the
// originals.
func staticCorpus(c config) (dir string, progs []static.Program, funcs map[string][]static.Func, err error) {
	dir = filepath.Join(c.work, "static-corpus")
	src := filepath.Join(runtime.GOROOT(), "src", "runtime", "testdata", "testgoroutineleakprofile")
	sets := map[string][]string{"goker": nil, "patterns": {"main.go", "commonpatterns.go", "simple.go", "stresstests.go"}}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module staticcorpus\n\ngo 1.26.0\n"), 0o644); err != nil {
		return "", nil, nil, err
	}
	cases, err := goker.LoadExpectations()
	if err != nil {
		return "", nil, nil, err
	}
	byName := map[string]goker.Case{}
	for _, cs := range cases {
		byName[cs.Name] = cs
	}
	funcs = map[string][]static.Func{}
	for set, files := range sets {
		from := src
		if set == "goker" {
			from = filepath.Join(src, "goker")
			m, _ := filepath.Glob(filepath.Join(from, "*.go"))
			for _, f := range m {
				files = append(files, filepath.Base(f))
			}
		}
		if err := os.MkdirAll(filepath.Join(dir, set), 0o755); err != nil {
			return "", nil, nil, err
		}
		for _, f := range files {
			data, err := os.ReadFile(filepath.Join(from, f))
			if err != nil {
				return "", nil, nil, err
			}
			if err := os.WriteFile(filepath.Join(dir, set, f), data, 0o644); err != nil {
				return "", nil, nil, err
			}
			if funcs[f], err = static.Funcs(f, data); err != nil {
				return "", nil, nil, err
			}
			for _, name := range static.Registered(data) {
				cs, ok := byName[name]
				if !ok {
					continue // not scored by Go's test
				}
				p := static.Program{Name: name, File: f, LeakFuncs: map[string]bool{}, Leaky: len(cs.Leaks) > 0}
				for _, re := range cs.Leaks {
					p.LeakFuncs[static.LeakFunc(re.String())] = true
				}
				progs = append(progs, p)
			}
		}
	}
	return dir, progs, funcs, nil
}

func staticSection(ctx context.Context, c config) (string, error) {
	dir, progs, funcs, err := staticCorpus(c)
	if err != nil {
		return "", err
	}
	leaky := 0
	for _, p := range progs {
		if p.Leaky {
			leaky++
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The unadapted corpus (%d scored programs, %d with expected leaks: GoKer, commonpatterns.go, the micro and stress tests) copied into a scratch module. A finding is *on a leak* when it lies in a top-level function that one of the program's expected leaks names (the goroutine's own function, or the function whose closure it is); *in file* counts any finding in the program's file. GoKer files hold one bug each, so a finding in the file but not on the leak is either about the bug seen from another function or a false alarm.\n\n", len(progs), leaky)

	type toolRun struct {
		tool  string
		score []static.AnalyzerScore
		attr  []static.Attribution
		err   error
	}
	var runs []toolRun
	// leaklint
	{
		tr := toolRun{tool: "leaklint"}
		if bin, err := buildLeaklint(ctx, c); err != nil {
			tr.err = err
		} else if out, _, err := run(ctx, dir, nil, false, bin, "-json", "./..."); err != nil {
			tr.err = err
		} else {
			tr.attr, tr.err = attribute(bytes.NewReader(out), progs, funcs, false)
		}
		runs = append(runs, tr)
	}
	// go vet, default suite, as the anchor every Go user already runs.
	{
		tr := toolRun{tool: "go vet"}
		// go vet -json writes to stdout since Go 1.25, to stderr before.
		if out, errOut, err := run(ctx, dir, nil, false, "go", "vet", "-json", "./..."); err != nil {
			tr.err = err
		} else {
			tr.attr, tr.err = attribute(bytes.NewReader(append(out, errOut...)), progs, funcs, false)
		}
		runs = append(runs, tr)
	}
	// staticcheck with its default checks, as its users run it.
	{
		tr := toolRun{tool: "staticcheck " + staticcheckVersion}
		if bin, err := buildStaticcheck(ctx, c); err != nil {
			tr.err = err
		} else if out, _, err := run(ctx, dir, []string{"XDG_CACHE_HOME=" + filepath.Join(c.work, "sc-cache-static")}, false, bin, "-f", "json", "./..."); err != nil {
			tr.err = err
		} else {
			tr.attr, tr.err = attribute(bytes.NewReader(out), progs, funcs, true)
		}
		runs = append(runs, tr)
	}
	b.WriteString("| tool | analyzer | findings | on a leak | leaky programs flagged on a leak | leaky programs with a finding in file |\n|---|---|---|---|---|---|\n")
	for i := range runs {
		tr := &runs[i]
		if tr.err != nil {
			fmt.Fprintf(&b, "| %s | — | not measured: %s | | | |\n", tr.tool, oneLine(tr.err.Error()))
			continue
		}
		tr.score = static.Summarize(tr.tool, tr.attr, progs)
		if len(tr.score) == 0 {
			fmt.Fprintf(&b, "| %s | (all) | 0 | 0 | 0 / %d | 0 / %d |\n", tr.tool, leaky, leaky)
		}
		for _, s := range tr.score {
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d / %d | %d / %d |\n", tr.tool, s.Analyzer, s.Findings, s.OnLeak, len(s.ProgramsOnLeak), leaky, len(s.ProgramsInFile), leaky)
		}
		if len(tr.score) > 1 {
			fmt.Fprintf(&b, "| %s | **any** | %d | | %d / %d | |\n", tr.tool, len(tr.attr), len(static.Union(tr.score)), leaky)
		}
	}
	b.WriteString("\n<details><summary>Leaky programs flagged on a leak, per analyzer</summary>\n\n")
	for _, tr := range runs {
		for _, s := range tr.score {
			if len(s.ProgramsOnLeak) > 0 {
				fmt.Fprintf(&b, "- %s %s: %s\n", tr.tool, s.Analyzer, strings.Join(s.ProgramsOnLeak, ", "))
			}
		}
	}
	b.WriteString("\n</details>\n\n<details><summary>Every finding of leaklint on the corpus</summary>\n\n| file:line | analyzer | function | on the leak of | message |\n|---|---|---|---|---|\n")
	for _, a := range runs[0].attr {
		fmt.Fprintf(&b, "| %s:%d | %s | %s | %s | %s |\n", filepath.Base(a.File), a.Line, a.Analyzer, a.Func, a.Program, mdEscape(a.Message))
	}
	b.WriteString("\n</details>\n")
	return b.String(), nil
}

func attribute(r *bytes.Reader, progs []static.Program, funcs map[string][]static.Func, staticcheck bool) ([]static.Attribution, error) {
	var fs []static.Finding
	var err error
	if staticcheck {
		fs, err = static.ParseStaticcheckJSON(r)
	} else {
		var errs []static.AnalyzerError
		fs, errs, err = static.ParseCheckerJSON(r)
		if err == nil && len(errs) > 0 {
			err = fmt.Errorf("%d analyzer errors, first: %s %s: %s", len(errs), errs[0].Pkg, errs[0].Analyzer, errs[0].Err)
		}
	}
	if err != nil {
		return nil, err
	}
	return static.Attribute(fs, progs, funcs), nil
}

func oneLine(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > 300 {
		s = s[:300] + "..."
	}
	return mdEscape(s)
}

func mdEscape(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "|", "\\|"), "\n", " ")
}
