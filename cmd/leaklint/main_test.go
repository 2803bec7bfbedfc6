package main_test

import (
	"bytes"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildLeaklint builds this command into a temporary directory.
func buildLeaklint(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "leaklint")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// copyModule copies testdata/vetmod to a temporary directory, turning its
// go.mod.txt files into go.mod (a go.mod inside testdata would make it a
// separate module that `go test ./...` of this repository skips anyway,
// but would also hide it from gofmt and vet of the repository).
func copyModule(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	src := filepath.Join("testdata", "vetmod")
	err := filepath.WalkDir(src, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		target := filepath.Join(dst, strings.TrimSuffix(rel, ".txt"))
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// moduleEnv runs commands in the copied module without flags meant for
// this repository's own module (such as GOFLAGS=-modfile).
func moduleEnv() []string {
	return append(os.Environ(), "GOFLAGS=", "GOWORK=off")
}

// wantFindings are the leaks in testdata/vetmod/b; the first two need facts
// about package a.
var wantFindings = []string{
	"b.go:11:17: the cancel function returned by a.WithLease is not called on the path through the return at line 13",
	"b.go:17:7: the Session created here is not released by End on the path through the return at line 19",
	"b.go:22:8: the StreamingContext created here is not closed on the path through the return at line 23: its goroutine leaks",
}

func TestGoVetVettool(t *testing.T) {
	if testing.Short() {
		t.Skip("go vet computes facts for the whole standard library: about 25 s")
	}
	bin := buildLeaklint(t)
	dir := copyModule(t)
	cmd := exec.Command("go", "vet", "-vettool="+bin, "./...")
	cmd.Dir = dir
	cmd.Env = moduleEnv()
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("go vet succeeded on a module with leaks; output:\n%s", out)
	}
	text := string(out)
	for _, want := range wantFindings {
		if !strings.Contains(text, want) {
			t.Errorf("go vet output lacks %q", want)
		}
	}
	// Each finding is followed by its related position, indented.
	if n := strings.Count(text, "b.go:") - strings.Count(text, "\tthis return leaks"); n != len(wantFindings) {
		t.Errorf("go vet reported %d findings in b.go, want %d", n, len(wantFindings))
	}
	if !strings.Contains(text, "b/b.go:13:2: \tthis return leaks the context created at line 11") {
		t.Errorf("go vet output lacks the leaking return as a related position")
	}
	if strings.Contains(text, "a.go:") {
		t.Errorf("go vet reported findings in package a, which has none")
	}
	if t.Failed() {
		t.Logf("go vet output:\n%s", text)
	}
}

func TestStandaloneJSON(t *testing.T) {
	bin := buildLeaklint(t)
	dir := copyModule(t)
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = moduleEnv()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("leaklint -json: %v\n%s", err, stderr.String())
	}
	// {"pkg": {"analyzer": [{"posn": ..., "message": ...}]}}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(stdout.Bytes(), &tree); err != nil {
		t.Fatalf("leaklint -json output is not JSON: %v\n%s", err, stdout.String())
	}
	var diags []struct{ Posn, Message string }
	for _, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			var ds []struct{ Posn, Message string }
			if json.Unmarshal(raw, &ds) == nil {
				diags = append(diags, ds...)
			}
		}
	}
	for _, want := range wantFindings {
		pos, msg, _ := strings.Cut(want, ": ")
		found := false
		for _, d := range diags {
			if strings.HasSuffix(d.Posn, pos) && strings.HasPrefix(d.Message, msg) {
				found = true
			}
		}
		if !found {
			t.Errorf("leaklint -json lacks %s: %s; got %+v", pos, msg, diags)
		}
	}
}

func TestVersion(t *testing.T) {
	bin := buildLeaklint(t)
	out, err := exec.Command(bin, "-V=full").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "leaklint version") {
		t.Fatalf("leaklint -V=full = %q, %v", out, err)
	}
}
