package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/leaklint/leaklint/eval/static"
)

// Versions of the real code analyzed: the x/tools the project builds on, and
// staticcheck, the peer linter itself.
const realTools = "golang.org/x/tools@v0.52.0"

func realPatterns(c config) []string {
	if c.realPkgs != "" {
		return strings.Split(c.realPkgs, ",")
	}
	if c.quick {
		return []string{"golang.org/x/tools/go/analysis/...", "honnef.co/go/tools/simple/..."}
	}
	return []string{"golang.org/x/tools/...", "honnef.co/go/tools/..."}
}

// realModule creates a scratch module requiring the analyzed modules and
// returns the packages of the patterns that load without errors.
func realModule(ctx context.Context, c config) (dir string, pkgs []string, err error) {
	dir = filepath.Join(c.work, "realcode")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", nil, err
	}
	files := map[string]string{
		"go.mod":   "module realcode\n\ngo 1.26.0\n",
		"tools.go": "package realcode\n\nimport (\n\t_ \"golang.org/x/tools/go/analysis\"\n\t_ \"honnef.co/go/tools/lintcmd\"\n)\n",
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return "", nil, err
		}
	}
	steps := [][]string{
		{"go", "get", realTools, "honnef.co/go/tools@" + staticcheckVersion},
		{"go", "mod", "tidy"},
	}
	for _, s := range steps {
		if _, _, err := run(ctx, dir, nil, true, s[0], s[1:]...); err != nil {
			return "", nil, err
		}
	}
	// -mod=mod adds the requirements of packages outside tools.go's imports.
	args := append([]string{"list", "-mod=mod", "-e", "-f", "{{if or .Error .DepsErrors}}ERR {{end}}{{.ImportPath}}"}, realPatterns(c)...)
	out, _, err := run(ctx, dir, nil, true, "go", args...)
	if err != nil {
		return "", nil, err
	}
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if l != "" && !strings.HasPrefix(l, "ERR ") {
			pkgs = append(pkgs, l)
		}
	}
	if len(pkgs) == 0 {
		return "", nil, fmt.Errorf("no package of %v loads", realPatterns(c))
	}
	return dir, pkgs, nil
}

type timedTool struct {
	name string
	cmd  []string
	env  []string
	json string // "checker" or "staticcheck"
	// okExit lists the exit codes of a run that went through: a run that
	// failed is reported as an error, not timed.
	okExit []int
}

func realSection(ctx context.Context, c config) (string, error) {
	dir, pkgs, err := realModule(ctx, c)
	if err != nil {
		return "", err
	}
	leaklint, lerr := buildLeaklint(ctx, c)
	sc, serr := buildStaticcheck(ctx, c)
	noop := filepath.Join(c.work, "bin", "noopvet")
	if _, _, err := run(ctx, c.evalDir, nil, true, "go", "build", "-o", noop, "./cmd/noopvet"); err != nil {
		return "", err
	}
	// A build cache with every compiled package go vet needs; each timed run
	// gets its own copy of it and empty analysis caches.
	warm := filepath.Join(c.work, "gocache-warm")
	os.RemoveAll(warm)
	if _, _, err := run(ctx, dir, []string{"GOCACHE=" + warm}, false, "go", append([]string{"vet", "-vettool=" + noop}, pkgs...)...); err != nil {
		return "", err
	}

	var tools []timedTool
	// Every tool prints JSON, which is how the findings are counted and
	// how a run that failed is told from one that found nothing.
	tools = append(tools, timedTool{name: "go vet (default suite)", cmd: append([]string{"go", "vet", "-json"}, pkgs...), json: "checker", okExit: []int{0}})
	if lerr == nil {
		tools = append(tools,
			timedTool{name: "leaklint (standalone)", cmd: append([]string{leaklint, "-json"}, pkgs...), json: "checker", okExit: []int{0}},
			timedTool{name: "leaklint (go vet -vettool)", cmd: append([]string{"go", "vet", "-json", "-vettool=" + leaklint}, pkgs...), json: "checker", okExit: []int{0}},
		)
	}
	if serr == nil {
		tools = append(tools, timedTool{name: "staticcheck " + staticcheckVersion, cmd: append([]string{sc, "-f", "json"}, pkgs...), json: "staticcheck", okExit: []int{0, 1}})
	}
	reps := 2
	if c.quick {
		reps = 1
	}
	results := map[string][]usage{}
	findings := map[string][]static.Finding{}
	var errs []string
	for rep := 0; rep < reps; rep++ {
		for i, t := range tools {
			cache := filepath.Join(c.work, fmt.Sprintf("gocache-run-%d", i))
			os.RemoveAll(cache)
			if _, _, err := run(ctx, "", nil, true, "cp", "-a", warm, cache); err != nil {
				return "", err
			}
			env := append([]string{"GOCACHE=" + cache, "XDG_CACHE_HOME=" + cache + "-xdg"}, t.env...)
			prefix := filepath.Join(c.work, fmt.Sprintf("real-%d-rep%d", i, rep))
			u, err := timed(ctx, dir, prefix, env, t.cmd[0], t.cmd[1:]...)
			os.RemoveAll(cache)
			os.RemoveAll(cache + "-xdg")
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s: %v", t.name, err))
				continue
			}
			fs, err := realFindings(prefix, t.json)
			if err == nil && !slices.Contains(t.okExit, u.Exit) {
				stderr, _ := os.ReadFile(prefix + ".stderr")
				err = fmt.Errorf("exit status %d: %s", u.Exit, tail(string(stderr), 400))
			}
			if err != nil {
				errs = append(errs, fmt.Sprintf("%s (round %d): %v", t.name, rep+1, err))
				continue
			}
			results[t.name] = append(results[t.name], u)
			if rep == 0 {
				findings[t.name] = fs
			}
		}
	}

	var b strings.Builder
	fmt.Fprintf(&b, "Packages: the %d packages of `%s` that load without errors, in a scratch module requiring %s and honnef.co/go/tools@%s (tests included, as each tool does by default). ", len(pkgs), strings.Join(realPatterns(c), " "), realTools, staticcheckVersion)
	fmt.Fprintf(&b, "Each timed run starts from its own copy of a build cache already holding every compiled package and test variant (filled by a no-op `-vettool`), with empty analysis caches (go vet's results, staticcheck's cache), so the figures are the cost of analysis. Tools run one after another, alternating, %d round(s); `/usr/bin/time -v` gives wall, CPU and peak RSS (for go vet: the largest single child process, not their sum). The machine has 2 cores shared with other work: wall times are noisy, CPU times less so.\n\n", reps)
	if lerr != nil {
		fmt.Fprintf(&b, "leaklint not measured: %s\n\n", oneLine(lerr.Error()))
	}
	if serr != nil {
		fmt.Fprintf(&b, "staticcheck not measured: %s\n\n", oneLine(serr.Error()))
	}
	for _, e := range errs {
		fmt.Fprintf(&b, "- error: %s\n", oneLine(e))
	}
	anchor := "go vet (default suite)"
	base := results[anchor]
	b.WriteString("| tool | wall (each round) | CPU user+sys | peak RSS | wall vs go vet | CPU vs go vet | exit |\n|---|---|---|---|---|---|---|\n")
	for _, t := range tools {
		us := results[t.name]
		if len(us) == 0 {
			fmt.Fprintf(&b, "| %s | not measured | | | | | |\n", t.name)
			continue
		}
		var walls []string
		for _, u := range us {
			walls = append(walls, fmtSec(u.Wall))
		}
		w, cpu, rss := meanUsage(us)
		bw, bcpu, _ := meanUsage(base)
		fmt.Fprintf(&b, "| %s | %s | %s | %.0f MiB | %s | %s | %d |\n", t.name, strings.Join(walls, ", "), fmtSec(cpu), float64(rss)/1024, ratio(w, bw), ratio(cpu, bcpu), us[0].Exit)
	}
	b.WriteString("\n")
	// Findings per analyzer and module.
	b.WriteString("| tool | analyzer | findings | in golang.org/x/tools | in honnef.co/go/tools |\n|---|---|---|---|---|\n")
	for _, t := range tools {
		fs, ok := findings[t.name]
		if !ok {
			continue
		}
		type cnt struct{ all, xt, hc int }
		by := map[string]*cnt{}
		for _, f := range fs {
			n := by[f.Analyzer]
			if n == nil {
				n = &cnt{}
				by[f.Analyzer] = n
			}
			n.all++
			switch {
			case strings.Contains(f.File, "golang.org/x/tools@"):
				n.xt++
			case strings.Contains(f.File, "honnef.co/go/tools@"):
				n.hc++
			}
		}
		var names []string
		for n := range by {
			names = append(names, n)
		}
		sort.Strings(names)
		if len(names) == 0 {
			fmt.Fprintf(&b, "| %s | (all) | 0 | 0 | 0 |\n", t.name)
		}
		for _, n := range names {
			fmt.Fprintf(&b, "| %s | %s | %d | %d | %d |\n", t.name, n, by[n].all, by[n].xt, by[n].hc)
		}
	}
	if fs := findings["leaklint (standalone)"]; len(fs) > 0 {
		b.WriteString("\n<details><summary>Every leaklint finding on real code (for review)</summary>\n\n| position | analyzer | message |\n|---|---|---|\n")
		for _, f := range fs {
			fmt.Fprintf(&b, "| %s:%d | %s | %s |\n", modRel(f.File), f.Line, f.Analyzer, mdEscape(f.Message))
		}
		b.WriteString("\n</details>\n")
	}
	return b.String(), nil
}

func realFindings(prefix, kind string) ([]static.Finding, error) {
	out, err := os.ReadFile(prefix + ".stdout")
	if err != nil {
		return nil, err
	}
	if kind == "staticcheck" {
		return static.ParseStaticcheckJSON(bytes.NewReader(out))
	}
	errOut, _ := os.ReadFile(prefix + ".stderr")
	fs, aerrs, err := static.ParseCheckerJSON(bytes.NewReader(append(out, errOut...)))
	if err == nil && len(aerrs) > 0 {
		err = fmt.Errorf("%d analyzer errors, first: %s %s: %s", len(aerrs), aerrs[0].Pkg, aerrs[0].Analyzer, aerrs[0].Err)
	}
	return fs, err
}

// modRel shortens a module cache path to module@version/path.
func modRel(file string) string {
	if i := strings.Index(file, "/pkg/mod/"); i >= 0 {
		return file[i+len("/pkg/mod/"):]
	}
	return file
}

func meanUsage(us []usage) (wall, cpu time.Duration, rss int64) {
	if len(us) == 0 {
		return 0, 0, 0
	}
	for _, u := range us {
		wall += u.Wall
		cpu += u.User + u.Sys
		if u.MaxRSSKiB > rss {
			rss = u.MaxRSSKiB
		}
	}
	n := time.Duration(len(us))
	return wall / n, cpu / n, rss
}

func ratio(a, b time.Duration) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", float64(a)/float64(b))
}

func fmtSec(d time.Duration) string { return fmt.Sprintf("%.1f s", d.Seconds()) }
