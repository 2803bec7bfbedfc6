package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// run runs a command and returns its stdout and stderr; a non-zero exit is
// an error only when wantOK is set (analyzers exit non-zero on findings).
func run(ctx context.Context, dir string, env []string, wantOK bool, name string, args ...string) (stdout, stderr []byte, err error) {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err = cmd.Run()
	if err != nil && (wantOK || !isExit(err)) {
		return o.Bytes(), e.Bytes(), fmt.Errorf("%s %s: %v\n%s", name, strings.Join(args, " "), err, tail(e.String(), 2000))
	}
	return o.Bytes(), e.Bytes(), nil
}

func isExit(err error) bool {
	_, ok := err.(*exec.ExitError)
	return ok
}

func tail(s string, n int) string {
	if len(s) > n {
		return "..." + s[len(s)-n:]
	}
	return s
}

// usage is what /usr/bin/time -v says about a command and its children.
type usage struct {
	Wall, User, Sys time.Duration
	// MaxRSSKiB is the largest resident set of the process or of any one
	// child it waited for (getrusage semantics): for go vet, the largest
	// single vet or compile process, not their sum.
	MaxRSSKiB int64
	Exit      int
}

var (
	timeWall = regexp.MustCompile(`Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)`)
	timeUser = regexp.MustCompile(`User time \(seconds\): ([\d.]+)`)
	timeSys  = regexp.MustCompile(`System time \(seconds\): ([\d.]+)`)
	timeRSS  = regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`)
	timeExit = regexp.MustCompile(`Exit status: (\d+)`)
)

// parseTimeV reads the report of GNU time -v.
func parseTimeV(s string) (usage, error) {
	var u usage
	m := timeWall.FindStringSubmatch(s)
	if m == nil {
		return u, fmt.Errorf("no wall clock time in time -v output")
	}
	h, _ := strconv.ParseFloat("0"+m[1], 64)
	mi, _ := strconv.ParseFloat(m[2], 64)
	se, _ := strconv.ParseFloat(m[3], 64)
	u.Wall = time.Duration((h*3600 + mi*60 + se) * float64(time.Second))
	if m := timeUser.FindStringSubmatch(s); m != nil {
		f, _ := strconv.ParseFloat(m[1], 64)
		u.User = time.Duration(f * float64(time.Second))
	}
	if m := timeSys.FindStringSubmatch(s); m != nil {
		f, _ := strconv.ParseFloat(m[1], 64)
		u.Sys = time.Duration(f * float64(time.Second))
	}
	if m := timeRSS.FindStringSubmatch(s); m != nil {
		u.MaxRSSKiB, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if m := timeExit.FindStringSubmatch(s); m != nil {
		u.Exit, _ = strconv.Atoi(m[1])
	}
	return u, nil
}

// timed runs a command under /usr/bin/time -v, its stdout and stderr going
// to files in dir, and returns the usage.
func timed(ctx context.Context, dir, outPrefix string, env []string, name string, args ...string) (usage, error) {
	report := outPrefix + ".time"
	full := append([]string{"-v", "-o", report, name}, args...)
	cmd := exec.CommandContext(ctx, "/usr/bin/time", full...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	so, err := os.Create(outPrefix + ".stdout")
	if err != nil {
		return usage{}, err
	}
	defer so.Close()
	se, err := os.Create(outPrefix + ".stderr")
	if err != nil {
		return usage{}, err
	}
	defer se.Close()
	cmd.Stdout, cmd.Stderr = so, se
	if err := cmd.Run(); err != nil && !isExit(err) {
		return usage{}, err
	}
	data, err := os.ReadFile(report)
	if err != nil {
		return usage{}, err
	}
	return parseTimeV(string(data))
}

// buildLeaklint builds cmd/leaklint from the repository under test, through
// the eval module (a tool dependency there), whose go.sum covers it.
func buildLeaklint(ctx context.Context, c config) (string, error) {
	// Always rebuilt (the build cache makes it cheap): a binary left in
	// -work by an earlier run may predate the code under test.
	bin := filepath.Join(c.work, "bin", "leaklint")
	if _, _, err := run(ctx, c.evalDir, nil, true, "go", "build", "-o", bin, "github.com/leaklint/leaklint/cmd/leaklint"); err != nil {
		return "", err
	}
	return bin, nil
}

// staticcheckVersion is the peer the static passes are compared with.
const staticcheckVersion = "v0.8.2"

// buildStaticcheck installs staticcheck with its own go.mod, so that it is
// the peer as released.
func buildStaticcheck(ctx context.Context, c config) (string, error) {
	bindir := filepath.Join(c.work, "bin")
	bin := filepath.Join(bindir, "staticcheck")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if _, _, err := run(ctx, c.work, []string{"GOBIN=" + bindir}, true, "go", "install", "honnef.co/go/tools/cmd/staticcheck@"+staticcheckVersion); err != nil {
		return "", err
	}
	return bin, nil
}
