package goker

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/leaklint/leaklint/eval/goker/wire"
)

// Tool is a detector configuration: which detector the child runs, and
// whether the binary is built with GOEXPERIMENT=goroutineleakprofile.
type Tool struct {
	Name       string
	Child      string
	Experiment bool
	// Paired names the second detector of a wire.ToolPaired run: its
	// results are scored under this name, Name holds leaklint's.
	Paired string
}

// Tools compared by default. leaklint appears twice: in a plain build,
// like goleak, where it has no proof and waits for its timeout, and in an
// experiment build, where it has the runtime's leak GC (as every Go 1.27
// build does) and reports proven leaks at once. The experiment build runs
// paired with goleak on the same executions, so that flaky programs cannot
// favour either.
var Tools = []Tool{
	{Name: "goleak", Child: wire.ToolGoleak},
	{Name: "leaklint", Child: wire.ToolLeaklint},
	{Name: "goroutineleak profile", Child: wire.ToolProfile, Experiment: true},
	{Name: "leaklint (experiment build, paired)", Child: wire.ToolPaired, Experiment: true, Paired: "goleak (paired)"},
}

// ScoredTools lists the names results are scored under: every tool, and
// the second detector of each paired one right after it.
func ScoredTools(tools []Tool) []Tool {
	var out []Tool
	for _, t := range tools {
		out = append(out, t)
		if t.Paired != "" {
			out = append(out, Tool{Name: t.Paired, Child: wire.ToolGoleak, Experiment: t.Experiment})
		}
	}
	return out
}

// Options configure a harness run.
type Options struct {
	// Dir is the eval module's directory; BinDir receives the binaries.
	Dir, BinDir string
	Tools       []Tool
	Reps        int
	// Timeout bounds each child process: several scenarios deadlock.
	Timeout time.Duration
	// Filter selects cases by name; nil runs all.
	Filter *regexp.Regexp
	// Tags are extra build tags (noleaklint builds without the leaklint
	// runtime package).
	Tags string
	Log  io.Writer
}

// corpusSet maps a case's test list to the program directory holding it.
func corpusSet(c Case) string {
	if c.Set == "goker" {
		return "goker"
	}
	return "patterns"
}

func binName(set string, exp bool) string {
	if exp {
		return set + "-exp"
	}
	return set
}

// Build compiles each corpus set, plain and with the experiment.
func Build(ctx context.Context, o Options) error {
	for _, set := range []string{"goker", "patterns"} {
		for _, exp := range []bool{false, true} {
			args := []string{"build", "-o", filepath.Join(o.BinDir, binName(set, exp))}
			if o.Tags != "" {
				args = append(args, "-tags", o.Tags)
			}
			args = append(args, "./goker/testdata/"+set)
			cmd := exec.CommandContext(ctx, "go", args...)
			cmd.Dir = o.Dir
			cmd.Env = os.Environ()
			if exp {
				cmd.Env = append(cmd.Env, "GOEXPERIMENT=goroutineleakprofile")
			}
			out, err := cmd.CombinedOutput()
			if err != nil && exp && bytes.Contains(out, []byte("unknown GOEXPERIMENT goroutineleakprofile")) {
				// Go 1.27 has the profile in every build and no longer
				// knows the experiment.
				cmd = exec.CommandContext(ctx, "go", args...)
				cmd.Dir = o.Dir
				out, err = cmd.CombinedOutput()
			}
			if err != nil {
				return fmt.Errorf("go %s: %v\n%s", strings.Join(args, " "), err, out)
			}
		}
	}
	return nil
}

// Registered lists the scenarios a built program registers, so that the
// report can name those Go's test does not score.
func Registered(ctx context.Context, o Options, set string) ([]string, error) {
	out, err := exec.CommandContext(ctx, filepath.Join(o.BinDir, binName(set, false)), "-list").Output()
	if err != nil {
		return nil, err
	}
	names := strings.Fields(string(out))
	sort.Strings(names)
	return names, nil
}

// RunAll runs every selected case Reps times under every tool, one process
// at a time so that runs do not compete for the CPU. The tools alternate
// within a repetition, so drift in machine load spreads over all of them.
func RunAll(ctx context.Context, cases []Case, o Options) []Run {
	var runs []Run
	for _, c := range cases {
		if o.Filter != nil && !o.Filter.MatchString(c.Name) {
			continue
		}
		for rep := 0; rep < o.Reps; rep++ {
			for _, t := range o.Tools {
				for _, r := range runOne(ctx, c, t, rep, o) {
					if o.Log != nil {
						definite := 0
						for _, g := range r.Reports {
							if g.Leaked {
								definite++
							}
						}
						fmt.Fprintf(o.Log, "%-26s %-36s rep %d: %-7s %4d reports (%4d marked leaked) %8s (check %8s) %s\n", c.Name, r.Tool, rep, r.Outcome, len(r.Reports), definite, r.Wall.Round(time.Millisecond), r.Check.Round(time.Millisecond), r.Err)
					}
					runs = append(runs, r)
				}
			}
		}
	}
	return runs
}

// RunOne runs one case once under one tool in a fresh process. For a
// paired tool it returns leaklint's half of the run.
func RunOne(ctx context.Context, c Case, t Tool, rep int, o Options) Run {
	return runOne(ctx, c, t, rep, o)[0]
}

// runOne runs one case once under one tool in a fresh process: one run,
// or for a paired tool the run scored under each of its two names.
func runOne(ctx context.Context, c Case, t Tool, rep int, o Options) []Run {
	r := Run{Program: c.Name, Tool: t.Name, Rep: rep}
	runs := func() []Run { return []Run{r} }
	if t.Paired != "" {
		runs = func() []Run {
			p := r
			p.Tool, p.Reports, p.Check = t.Paired, nil, 0
			if r.Outcome == OutcomeOK {
				p.Check = r.pairedCheck
				var err error
				if p.Reports, err = Reports(wire.ToolGoleak, r.pairedRaw); err != nil {
					p.Outcome, p.Err = OutcomeCrash, "unreadable report: "+err.Error()
				}
			}
			r.pairedRaw, p.pairedRaw = "", ""
			return []Run{r, p}
		}
	}
	tmp, err := os.MkdirTemp("", "goker-run-")
	if err != nil {
		r.Outcome, r.Err = OutcomeCrash, err.Error()
		return runs()
	}
	defer os.RemoveAll(tmp)
	out := filepath.Join(tmp, "result.json")
	reports := filepath.Join(tmp, "reports")
	if err := os.Mkdir(reports, 0o755); err != nil {
		r.Outcome, r.Err = OutcomeCrash, err.Error()
		return runs()
	}

	cctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	cmd := exec.CommandContext(cctx, filepath.Join(o.BinDir, binName(corpusSet(c), t.Experiment)), c.Name)
	// Go's own test runs every case with asynchronous preemption off and the
	// simple cases on one P, to make the leaking interleavings likely.
	cmd.Env = append(os.Environ(),
		"GODEBUG=asyncpreemptoff=1",
		"LEAKLINT_EVAL_TOOL="+t.Child,
		"LEAKLINT_EVAL_OUT="+out,
		"LEAKLINT_REPORT_DIR="+reports,
	)
	if c.Simple {
		cmd.Env = append(cmd.Env, "GOMAXPROCS=1")
	}
	var stderr bytes.Buffer
	cmd.Stdout = io.Discard
	cmd.Stderr = &limitedWriter{w: &stderr, n: 64 << 10}
	cmd.WaitDelay = time.Second
	start := time.Now()
	err = cmd.Run()
	r.Wall = time.Since(start)
	if cctx.Err() != nil && errors.Is(cctx.Err(), context.DeadlineExceeded) {
		r.Outcome, r.Err = OutcomeTimeout, fmt.Sprintf("killed after %v", o.Timeout)
		return runs()
	}
	data, rerr := os.ReadFile(out)
	if err != nil || rerr != nil {
		r.Outcome, r.Err = OutcomeCrash, firstLine(stderr.String(), err, rerr)
		return runs()
	}
	var res wire.Result
	if err := json.Unmarshal(data, &res); err != nil {
		r.Outcome, r.Err = OutcomeCrash, err.Error()
		return runs()
	}
	if res.Error != "" {
		r.Outcome, r.Err = OutcomeCrash, res.Error
		return runs()
	}
	r.Outcome = OutcomeOK
	r.Scenario, r.Check = time.Duration(res.ScenarioNanos), time.Duration(res.CheckNanos)
	r.pairedRaw, r.pairedCheck = res.PairedRaw, time.Duration(res.PairedCheckNanos)
	child := t.Child
	if child == wire.ToolPaired {
		child = wire.ToolLeaklint
	}
	r.Reports, err = Reports(child, res.Raw)
	if err != nil {
		r.Outcome, r.Err = OutcomeCrash, "unreadable report: "+err.Error()
	}
	return runs()
}

// Reports extracts the goroutines a tool reported from its raw output. The
// goroutineleak profile lists only leaked goroutines, but its header marks
// them, so the mark is required as well.
func Reports(childTool, raw string) ([]Goroutine, error) {
	if childTool == wire.ToolLeaklint {
		return ParseLeaklint(raw)
	}
	gs := ParseStacks(raw)
	if childTool != wire.ToolProfile {
		return gs, nil
	}
	var leaked []Goroutine
	for _, g := range gs {
		if g.Leaked {
			leaked = append(leaked, g)
		}
	}
	return leaked, nil
}

func firstLine(stderr string, errs ...error) string {
	for _, l := range strings.Split(stderr, "\n") {
		if strings.TrimSpace(l) != "" {
			return l
		}
	}
	for _, e := range errs {
		if e != nil {
			return e.Error()
		}
	}
	return "no result"
}

type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		q := p
		if len(q) > l.n {
			q = q[:l.n]
		}
		l.n -= len(q)
		l.w.Write(q)
	}
	return len(p), nil
}
