package integration_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/leaklint/leaklint/golangci/integration/gclbuild"
)

// The test builds golangci-lint with the plugin (minutes cold, a second
// when cached) and runs it on testdata/leaky, a module with one known leak
// per pass. `go test -short` skips it.
func TestGolangciLintPlugin(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a custom golangci-lint; run without -short")
	}
	bin := buildBinary(t)
	// One result cache for all runs below: golangci-lint salts it with the
	// linter settings, so each configuration gets its own entries, and the
	// shared standard-library facts are computed once.
	lintCache := t.TempDir()

	t.Run("findings", func(t *testing.T) {
		issues := lint(t, bin, lintCache, baseConfig)
		for _, want := range defaultFindings {
			requireIssue(t, issues, want)
		}
		for _, silent := range silentByDefault {
			refuteIssue(t, issues, silent)
		}
	})

	t.Run("settings disable a pass", func(t *testing.T) {
		issues := lint(t, bin, lintCache, withSettings(`
lostsend:
  enabled: false
`))
		for _, want := range defaultFindings {
			if want.pass == "lostsend" {
				refuteIssue(t, issues, want)
			} else {
				requireIssue(t, issues, want)
			}
		}
	})

	t.Run("settings add a must-close type", func(t *testing.T) {
		// Without the setting pool.Conn is an ordinary type (checked by
		// the findings subtest); with it, dropping one is a leak.
		issues := lint(t, bin, lintCache, withSettings(`
unclosedstream:
  types:
    - example.com/leaky/pool.Conn
`))
		requireIssue(t, issues, customTypeFinding)
	})

	t.Run("nolint suppresses", func(t *testing.T) {
		// The same code with and without the directive: the unsuppressed
		// twin proves the suppressed line would otherwise be reported.
		issues := lint(t, bin, lintCache, baseConfig)
		requireIssue(t, issues, nolintTwin)
		refuteIssue(t, issues, nolintSuppressed)
	})

	t.Run("unknown setting is an error", func(t *testing.T) {
		out, code := runLint(t, bin, lintCache, withSettings(`
missingcancel:
  no-such-option: true
`))
		if code != exitFailure {
			t.Fatalf("exit code %d, want %d; output:\n%s", code, exitFailure, out)
		}
		if !strings.Contains(out, "no-such-option") {
			t.Fatalf("error does not name the bad setting; output:\n%s", out)
		}
	})
}

// baseConfig enables only leaklint, with default settings.
const baseConfig = `version: "2"
linters:
  default: none
  enable:
    - leaklint
  settings:
    custom:
      leaklint:
        type: module
        description: goroutine and resource leaks
        settings:
`

// withSettings returns baseConfig with settings, YAML written from column
// zero, as leaklint's settings block.
func withSettings(settings string) string {
	var b strings.Builder
	b.WriteString(baseConfig)
	for _, line := range strings.Split(strings.TrimSpace(settings), "\n") {
		b.WriteString("          " + line + "\n")
	}
	return b.String()
}

// finding names an issue by file, line (found through a marker comment so
// edits to testdata do not silently shift expectations) and the pass that
// reports it, or "" for any.
type finding struct {
	file, marker string
	pass         string
}

var (
	// defaultFindings appear with no settings, one per pass.
	defaultFindings = []finding{
		{"cancel.go", "cancel", "missingcancel"},
		{"stream.go", "lease", "unclosedstream"},
		{"chans.go", "undrained", "undrainedchan"},
		{"chans.go", "lostsend", "lostsend"},
	}
	// silentByDefault are lines nothing reports without settings:
	// released resources, a type only settings make must-close, and a
	// //leaklint:ignore twin of defaultFindings[0].
	silentByDefault = []finding{
		{"cancel.go", "released", ""},
		{"stream.go", "conn", ""},
		{"ignore.go", "ignored", ""},
	}
	// customTypeFinding appears once pool.Conn is a must-close type.
	customTypeFinding = finding{"stream.go", "conn", "unclosedstream"}
	// nolintSuppressed is nolintTwin's code with //nolint:leaklint.
	nolintTwin       = finding{"cancel.go", "cancel", "missingcancel"}
	nolintSuppressed = finding{"cancel.go", "nolint", ""}
)

type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename string
		Line     int
	}
}

func (i issue) String() string {
	return fmt.Sprintf("%s:%d: %s (%s)", i.Pos.Filename, i.Pos.Line, i.Text, i.FromLinter)
}

// golangci-lint's exit codes (pkg/exitcodes).
const (
	exitIssuesFound = 1
	exitFailure     = 3
)

func buildBinary(t *testing.T) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Minute)
	defer cancel()
	var log bytes.Buffer
	start := time.Now()
	res, err := gclbuild.Build(ctx, gclbuild.Options{RepoRoot: "../..", Log: &log})
	if err != nil {
		t.Fatalf("build golangci-lint with the plugin: %v\n%s", err, log.String())
	}
	t.Logf("golangci-lint %s with leaklint (cached=%v, %s): %s\n%s",
		gclbuild.Version, res.Cached, time.Since(start).Round(time.Millisecond), res.Binary, log.String())
	return res.Binary
}

// lint runs golangci-lint on a fresh copy of testdata/leaky with config as
// its .golangci.yml and returns leaklint's issues.
func lint(t *testing.T, bin, lintCache, config string) []issue {
	t.Helper()
	out, code := runLint(t, bin, lintCache, config)
	if code != 0 && code != exitIssuesFound {
		t.Fatalf("golangci-lint exit code %d; output:\n%s", code, out)
	}
	var report struct{ Issues []issue }
	if err := json.Unmarshal([]byte(out), &report); err != nil {
		t.Fatalf("decode golangci-lint JSON output: %v\n%s", err, out)
	}
	var own []issue
	for _, is := range report.Issues {
		if is.FromLinter == "leaklint" {
			own = append(own, is)
		}
	}
	sort.Slice(own, func(i, j int) bool { return own[i].String() < own[j].String() })
	for _, is := range own {
		t.Logf("issue: %s", is)
	}
	return own
}

// runLint returns golangci-lint's JSON report on success and its combined
// diagnostics otherwise, with the exit code.
func runLint(t *testing.T, bin, lintCache, config string) (string, int) {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/leaky")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ".golangci.yml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	report := filepath.Join(t.TempDir(), "report.json")
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "run",
		"--output.json.path", report, "--show-stats=false",
		"--max-issues-per-linter=0", "--max-same-issues=0", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+lintCache, "GOWORK=off", "GOFLAGS=")
	var stderr bytes.Buffer
	cmd.Stdout = &stderr
	cmd.Stderr = &stderr
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatalf("run golangci-lint: %v", err)
	}
	data, err := os.ReadFile(report)
	if errors.Is(err, fs.ErrNotExist) || code > exitIssuesFound {
		return stderr.String(), code
	} else if err != nil {
		t.Fatal(err)
	}
	return string(data), code
}

func requireIssue(t *testing.T, issues []issue, want finding) {
	t.Helper()
	if !hasIssue(t, issues, want) {
		t.Errorf("missing %s issue at %s (L:%s)", want.pass, want.file, want.marker)
	}
}

func refuteIssue(t *testing.T, issues []issue, want finding) {
	t.Helper()
	if hasIssue(t, issues, want) {
		t.Errorf("unexpected %s issue at %s (L:%s)", want.pass, want.file, want.marker)
	}
}

func hasIssue(t *testing.T, issues []issue, want finding) bool {
	t.Helper()
	line := markerLine(t, want.file, want.marker)
	for _, is := range issues {
		// Related positions arrive as separate issues, "pass(related
		// information): ...": the colon keeps them from matching.
		if filepath.ToSlash(is.Pos.Filename) == want.file && is.Pos.Line == line && (want.pass == "" || strings.HasPrefix(is.Text, want.pass+": ")) {
			return true
		}
	}
	return false
}

// markerLine returns the line of testdata/leaky/file that holds the comment
// `// L:<marker>`.
func markerLine(t *testing.T, file, marker string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata/leaky", file))
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`// L:` + regexp.QuoteMeta(marker) + `(\s|$)`)
	var found []int
	for i, l := range strings.Split(string(data), "\n") {
		if re.MatchString(l) {
			found = append(found, i+1)
		}
	}
	if len(found) != 1 {
		t.Fatalf("%s: marker L:%s found on lines %v, want exactly one", file, marker, found)
	}
	return found[0]
}
