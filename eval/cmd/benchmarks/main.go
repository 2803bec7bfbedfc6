// Command benchmarks regenerates BENCHMARKS.md: it evaluates the runtime
// detector against goleak and the goroutineleak profile on Go's GoKer corpus,
// counts what the static passes flag on the same corpus and on large real
// modules, times leaklint against go vet and staticcheck, and runs the
// runtime cost benchmarks against their anchors.
//
// It takes a long time and is not part of CI. From the repository root:
//
//	go -C eval run ./cmd/benchmarks            # everything
//	go -C eval run ./cmd/benchmarks -quick     # fewer repetitions and packages
//	go -C eval run ./cmd/benchmarks -sections goker,static
//
// A section that cannot run says so in BENCHMARKS.md instead of a table.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

type config struct {
	quick    bool
	sections map[string]bool
	out      string
	work     string
	evalDir  string
	rootDir  string
	reps     int
	corpus   string
	timeout  time.Duration
	tags     string
	filter   string
	tools    string
	count    int
	realPkgs string
	command  string
}

var allSections = []string{"goker", "static", "real", "speed", "runtime"}

func main() {
	var c config
	var sectionList string
	flag.BoolVar(&c.quick, "quick", false, "one repetition, fewer real-code packages, shorter benchmarks")
	flag.StringVar(&sectionList, "sections", strings.Join(allSections, ","), "comma-separated sections to run: "+strings.Join(allSections, ","))
	flag.StringVar(&c.out, "o", "../BENCHMARKS.md", "output file, relative to eval/")
	flag.StringVar(&c.work, "work", "", "directory for binaries, scratch modules and raw outputs (default: a new temporary directory, kept)")
	flag.StringVar(&c.corpus, "corpus", "/work/corpus", "directory of the issue 12 corpus modules (grpc, clientgo, nats, geth, std), for the speed section")
	flag.IntVar(&c.reps, "reps", 0, "GoKer repetitions per program and tool (default 3, 1 with -quick)")
	flag.DurationVar(&c.timeout, "timeout", 60*time.Second, "bound on each GoKer child process")
	flag.StringVar(&c.tags, "tags", "", "build tags for the GoKer programs (noleaklint: without the leaklint runtime)")
	flag.StringVar(&c.filter, "run", "", "regexp selecting GoKer programs")
	flag.StringVar(&c.tools, "tools", "", "comma-separated GoKer tools to run, by child name (goleak, leaklint, profile, paired); default all. A subset run is for diagnosis: it writes to -o like any other")
	flag.IntVar(&c.count, "count", 0, "benchmark -count (default 10, 3 with -quick)")
	flag.StringVar(&c.realPkgs, "realpkgs", "", "comma-separated package patterns for the real-code section (default: all of x/tools and staticcheck; a subset with -quick)")
	flag.Parse()
	c.command = "go -C eval run ./cmd/benchmarks " + strings.Join(os.Args[1:], " ")
	c.sections = map[string]bool{}
	for _, s := range strings.Split(sectionList, ",") {
		c.sections[strings.TrimSpace(s)] = true
	}
	if c.reps == 0 {
		c.reps = 3
		if c.quick {
			c.reps = 1
		}
	}
	if c.count == 0 {
		c.count = 10
		if c.quick {
			c.count = 3
		}
	}
	var err error
	if c.evalDir, err = os.Getwd(); err != nil {
		log.Fatal(err)
	}
	c.rootDir = filepath.Dir(c.evalDir)
	if _, err := os.Stat(filepath.Join(c.evalDir, "goker", "testdata")); err != nil {
		log.Fatal("run from the eval module: go -C eval run ./cmd/benchmarks")
	}
	if c.work == "" {
		if c.work, err = os.MkdirTemp("", "leaklint-benchmarks-"); err != nil {
			log.Fatal(err)
		}
	}
	c.work, _ = filepath.Abs(c.work)
	if err := os.MkdirAll(c.work, 0o755); err != nil {
		log.Fatalf("-work %s: %v", c.work, err)
	}
	log.Printf("work directory: %s", c.work)

	ctx := context.Background()
	var prev []byte
	if len(c.sections) < len(allSections) {
		prev, _ = os.ReadFile(c.out)
	}
	bodies := map[string]string{}
	ran := map[string]bool{}
	type section struct {
		name, title string
		run         func(context.Context, config) (string, error)
	}
	sections := []section{
		{"goker", "Runtime detectors on GoKer", gokerSection},
		{"static", "Static passes on GoKer and the common patterns", staticSection},
		{"real", "Static passes on real code, and their cost against go vet and staticcheck", realSection},
		{"speed", "Static passes: cost against the nilness floor", speedSection},
		{"runtime", "Runtime costs against their anchors", runtimeSection},
	}
	var titles []string
	for _, s := range sections {
		titles = append(titles, s.title)
	}
	for _, s := range sections {
		if !c.sections[s.name] {
			continue
		}
		log.Printf("section %s", s.name)
		start := time.Now()
		body, err := s.run(ctx, c)
		var sb strings.Builder
		if err != nil {
			fmt.Fprintf(&sb, "Not measured: %v\n", err)
			log.Printf("section %s: %v", s.name, err)
		}
		sb.WriteString(body)
		fmt.Fprintf(&sb, "\n_Section took %s, started %s._\n", time.Since(start).Round(time.Second), start.UTC().Format("2006-01-02 15:04 MST"))
		bodies[s.title] = sb.String()
		ran[s.title] = true
		// Written after every section, so that an interrupted run keeps
		// what it measured.
		if err := os.WriteFile(c.out, render(c, titles, bodies, ran, prev), 0o644); err != nil {
			log.Fatal(err)
		}
	}
	if err := os.WriteFile(c.out, render(c, titles, bodies, ran, prev), 0o644); err != nil {
		log.Fatal(err)
	}
	log.Printf("wrote %s", c.out)
}

// render assembles the document. Sections this run did not measure are
// kept from the previous file, so that a subset run updates those sections
// in place; the header says which.
func render(c config, titles []string, bodies map[string]string, ran map[string]bool, prev []byte) []byte {
	old := splitSections(string(prev))
	var doc bytes.Buffer
	header(&doc, c)
	var kept []string
	for _, t := range titles {
		if !ran[t] && old[t] != "" {
			kept = append(kept, t)
		}
	}
	if len(kept) > 0 {
		fmt.Fprintf(&doc, "- kept from the previous BENCHMARKS.md, not rerun by this command: %s (each says when it ran)\n", strings.Join(kept, "; "))
	}
	for _, t := range titles {
		body, ok := bodies[t]
		if !ok {
			body, ok = old[t]
		}
		if ok {
			fmt.Fprintf(&doc, "\n## %s\n\n%s", t, strings.TrimLeft(body, "\n"))
		}
	}
	return doc.Bytes()
}

// splitSections maps each "## " heading of a generated document to its body.
func splitSections(doc string) map[string]string {
	out := map[string]string{}
	var cur string
	var b strings.Builder
	flush := func() {
		if cur != "" {
			out[cur] = b.String()
		}
		b.Reset()
	}
	for _, l := range strings.SplitAfter(doc, "\n") {
		if strings.HasPrefix(l, "## ") {
			flush()
			cur = strings.TrimSpace(strings.TrimPrefix(l, "## "))
			continue
		}
		if cur != "" {
			b.WriteString(l)
		}
	}
	flush()
	return out
}

func header(b *bytes.Buffer, c config) {
	b.WriteString("# Benchmarks\n\n")
	b.WriteString("Generated by `" + strings.TrimSpace(c.command) + "` (see eval/cmd/benchmarks); do not edit by hand.\n\n")
	fmt.Fprintf(b, "- date: %s\n", time.Now().UTC().Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(b, "- go: %s %s/%s\n", runtime.Version(), runtime.GOOS, runtime.GOARCH)
	fmt.Fprintf(b, "- machine: %s, %d logical CPUs, %s memory\n", cpuModel(), runtime.NumCPU(), memTotal())
	if rev := gitRev(c.rootDir); rev != "" {
		fmt.Fprintf(b, "- leaklint commit: %s\n", rev)
	}
	fmt.Fprintf(b, "- mode: quick=%v, GoKer repetitions %d, benchmark -count %d\n", c.quick, c.reps, c.count)
}

func cpuModel() string {
	data, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "model name") {
			if i := strings.Index(l, ":"); i >= 0 {
				return strings.TrimSpace(l[i+1:])
			}
		}
	}
	return "unknown CPU"
}

func memTotal() string {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return "unknown"
	}
	var kb int64
	for _, l := range strings.Split(string(data), "\n") {
		if _, err := fmt.Sscanf(l, "MemTotal: %d kB", &kb); err == nil {
			return fmt.Sprintf("%.0f GiB", float64(kb)/(1<<20))
		}
	}
	return "unknown"
}

func gitRev(dir string) string {
	out, err := exec.Command("git", "-C", dir, "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return ""
	}
	rev := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "-C", dir, "status", "--porcelain").Output(); err == nil && len(bytes.TrimSpace(st)) > 0 {
		rev += " (with uncommitted changes)"
	}
	return rev
}
