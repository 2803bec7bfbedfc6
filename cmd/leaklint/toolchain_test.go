package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// newerGo is a Go release newer than any leaklint is built with here.
const newerGo = "go1.999.0"

// wantRebuildLine checks that leaklint failed with exactly one line that
// names both versions and the command to run.
func wantRebuildLine(t *testing.T, out []byte, err error) {
	t.Helper()
	if exit, ok := err.(*exec.ExitError); !ok || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want status 1; output:\n%s", err, out)
	}
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	want := "GOTOOLCHAIN=" + newerGo + " go install github.com/leaklint/leaklint/cmd/leaklint@latest"
	if len(lines) != 1 || !strings.Contains(lines[0], runtime.Version()) || !strings.HasSuffix(lines[0], want) {
		t.Fatalf("want one line naming %s and ending in %q, got:\n%s", runtime.Version(), want, out)
	}
}

// TestNewerGoCommand: when the go command that would list the packages is
// newer than the Go leaklint was built with, leaklint says so in one line
// instead of a type error per package and a cascade of skipped analyses.
// A stand-in go command on PATH plays the newer toolchain.
func TestNewerGoCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the stand-in go command is a shell script")
	}
	bin := buildLeaklint(t)
	fake := t.TempDir()
	script := "#!/bin/sh\nif [ \"$1 $2\" = \"env GOVERSION\" ]; then echo " + newerGo + "; exit 0; fi\nexit 2\n"
	if err := os.WriteFile(filepath.Join(fake, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "./...")
	cmd.Dir = copyModule(t)
	cmd.Env = append(moduleEnv(), "PATH="+fake+string(os.PathListSeparator)+os.Getenv("PATH"))
	out, err := cmd.CombinedOutput()
	wantRebuildLine(t, out, err)
}

// TestNewerGoUnderVet is the same under go vet, whose configuration file
// names the package's Go version.
func TestNewerGoUnderVet(t *testing.T) {
	bin := buildLeaklint(t)
	cfg := filepath.Join(t.TempDir(), "vet.cfg")
	if err := os.WriteFile(cfg, []byte(`{"ImportPath": "example.com/p", "GoVersion": "`+newerGo+`"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-json", cfg).CombinedOutput()
	wantRebuildLine(t, out, err)
}
