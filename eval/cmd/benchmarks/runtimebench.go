package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// benchstatVersion pins the benchstat that compares each benchmark with its
// anchor.
const benchstatVersion = "v0.0.0-20260908200009-22c9c6c9d4da"

// benchGroup is a set of benchmarks written by the runtime and stream
// authors, and the sub-benchmark key whose first value is the anchor: the
// benchmarks run the anchor first, and benchstat compares every other value
// of the key with the first one.
type benchGroup struct {
	title string
	// dir is relative to the repository root; bench/ is its own module.
	dir, pkg, bench string
	col             string
	about           string
	// filters each give one benchstat table over the same run ("" for no
	// filter): a benchmark without the col key would otherwise become the
	// base column and hide the comparison.
	filters []string
	// env is added to the go command's environment, such as the
	// GOTOOLCHAIN a group needs.
	env []string
}

var benchGroups = []benchGroup{
	{"Detector against goleak", "bench", ".", "^(BenchmarkSnapshotCheck|BenchmarkReportLeak)$", "/lib",
		"One leak check with N parked goroutines that are not the test's: goleak.Find against leaklint's check; anchor lib=goleak.", nil, nil},
	{"Proven leaks on Go 1.27", "bench", ".", "^BenchmarkReportLeakKind$", "/lib",
		"Reporting one leaked goroutine with default options on go1.27.3, whose goroutineleak profile lets leaklint prove a leak and report it at once: leak=unreachable is blocked on a channel nothing else holds (proven), leak=reachable on one the benchmark still holds (not provable: the timeout path every leak took before, and still takes without the profile); anchor lib=goleak.", nil, []string{"GOTOOLCHAIN=go1.27.3"}},
	{"One monitor sample", ".", "./runtime", "^BenchmarkMonitorSample$", "/op",
		"One GoroutineMonitor sample against runtime.NumGoroutine, the cheapest possible sample (anchor op=NumGoroutine).", nil, nil},
	{"Tracker", ".", "./runtime", "^(BenchmarkRecordOperation|BenchmarkRecordError)$", "/impl",
		"Recording one operation in the tracker against a single atomic add (anchor impl=one-atomic); RecordError has no anchor.", []string{"/impl:/./", "-/impl:/./"}, nil},
	{"Guard", ".", "./runtime", "^BenchmarkGuard", "",
		"Guard benchmarks, if any.", nil, nil},
	{"Origin tracking: creating stream resources", ".", "./stream", "^BenchmarkCreation$", "/origin",
		"Creating a stream resource with and without recording its origin (anchor: the first origin value, no tracking).", nil, nil},
	{"Origin tracking: capture and goroutine labels", ".", "./stream", "^BenchmarkOrigin$", "/label",
		"Starting a goroutine with and without the origin label (anchor label=none); then capturing and resolving an origin, which have no anchor.", []string{"/label:/./", "-/label:/./"}, nil},
	{"StreamJSON throughput", ".", "./stream", "^(BenchmarkStreamJSON|BenchmarkStreamJSONPeak)$", "/impl",
		"StreamJSON against its anchor implementation (first impl value).", nil, nil},
}

func runtimeSection(ctx context.Context, c config) (string, error) {
	bindir := filepath.Join(c.work, "bin")
	benchstat := filepath.Join(bindir, "benchstat")
	if _, err := os.Stat(benchstat); err != nil {
		if _, _, err := run(ctx, c.work, []string{"GOBIN=" + bindir}, true, "go", "install", "golang.org/x/perf/cmd/benchstat@"+benchstatVersion); err != nil {
			return "", err
		}
	}
	benchtime := "1s"
	if c.quick {
		benchtime = "200ms"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Benchmarks written with the runtime and stream code (see docs/bench/ for their authors' notes), run here with `go test -run '^$' -bench REGEX -benchmem -count %d -benchtime %s`, one group at a time, and compared by `benchstat -col KEY` (golang.org/x/perf %s): each row's anchor is measured in the same run, in the same process. The machine is shared: read the ± and p-values.\n", c.count, benchtime, benchstatVersion)
	notes, _ := filepath.Glob(filepath.Join(c.rootDir, "docs", "bench", "*.md"))
	if len(notes) > 0 {
		var names []string
		for _, n := range notes {
			names = append(names, "docs/bench/"+filepath.Base(n))
		}
		fmt.Fprintf(&b, "Authors' notes: %s.\n", strings.Join(names, ", "))
	}
	for i, g := range benchGroups {
		fmt.Fprintf(&b, "\n### %s\n\n%s\n\n", g.title, g.about)
		dir := filepath.Join(c.rootDir, g.dir)
		args := []string{"test", "-run", "^$", "-bench", g.bench, "-benchmem", "-count", fmt.Sprint(c.count), "-benchtime", benchtime, g.pkg}
		cmdline := strings.TrimLeft(fmt.Sprintf("%s go -C %s %s", strings.Join(g.env, " "), g.dir, strings.Join(quoteArgs(args), " ")), " ")
		out, _, err := run(ctx, dir, g.env, true, "go", args...)
		raw := filepath.Join(c.work, fmt.Sprintf("bench-%d.txt", i))
		os.WriteFile(raw, out, 0o644)
		if err != nil {
			fmt.Fprintf(&b, "Not measured: `%s` failed: %s\n", cmdline, oneLine(err.Error()))
			continue
		}
		if !benchLine.Match(out) {
			fmt.Fprintf(&b, "Not measured: `%s` ran no benchmark (none written yet).\n", cmdline)
			continue
		}
		filters := g.filters
		if len(filters) == 0 {
			filters = []string{""}
		}
		for _, f := range filters {
			bsArgs := []string{}
			if g.col != "" && !strings.HasPrefix(f, "-") {
				bsArgs = append(bsArgs, "-col", g.col)
			}
			if f != "" {
				bsArgs = append(bsArgs, "-filter", f)
			}
			table, _, err := run(ctx, c.work, nil, true, benchstat, append(bsArgs, raw)...)
			if err != nil {
				fmt.Fprintf(&b, "benchstat failed: %s\n", oneLine(err.Error()))
				continue
			}
			fmt.Fprintf(&b, "`%s`, then `benchstat %s OUT`:\n\n```\n%s```\n", cmdline, strings.Join(quoteArgs(bsArgs), " "), table)
		}
	}
	return b.String(), nil
}

var benchLine = regexp.MustCompile(`(?m)^Benchmark\S+\s+\d+\s+[\d.]+ ns/op`)

func quoteArgs(args []string) []string {
	out := make([]string, len(args))
	for i, a := range args {
		if strings.ContainsAny(a, "^$|()* ") {
			a = "'" + a + "'"
		}
		out[i] = a
	}
	return out
}
