package leak

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
)

// verifyTestBinaries caches the testdata/testmain test binary per
// GOEXPERIMENT for the whole run (-count=N builds it once).
var verifyTestBinaries sync.Map // experiment -> func() (string, error)

func verifyBuildTestMain(t *testing.T, experiment string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a test binary")
	}
	build, _ := verifyTestBinaries.LoadOrStore(experiment, sync.OnceValues(func() (string, error) {
		dir, err := os.MkdirTemp("", "leaklint-testmain-")
		if err != nil {
			return "", err
		}
		bin := filepath.Join(dir, "testmain.test")
		cmd := exec.Command(filepath.Join(runtime.GOROOT(), "bin", "go"), "test", "-c", "-o", bin, "./testdata/testmain")
		cmd.Env = append(os.Environ(), "GOEXPERIMENT="+experiment)
		if out, err := cmd.CombinedOutput(); err != nil {
			return "", errors.New(string(out) + err.Error())
		}
		return bin, nil
	}))
	bin, err := build.(func() (string, error))()
	if err != nil {
		t.Fatalf("building testdata/testmain with GOEXPERIMENT=%q: %v", experiment, err)
	}
	return bin
}

// verifyRunTestMain runs the binary and returns its output and exit code.
func verifyRunTestMain(t *testing.T, bin string, env ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, "-test.v")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return string(out), 0
	case errors.As(err, &exit):
		return string(out), exit.ExitCode()
	}
	t.Fatalf("running %s: %v", bin, err)
	return "", -1
}

func TestVerifyTestMainPassesCleanPackage(t *testing.T) {
	t.Parallel()
	out, code := verifyRunTestMain(t, verifyBuildTestMain(t, ""))
	if code != 0 || strings.Contains(out, "leak:") {
		t.Fatalf("clean package: exit %d, output:\n%s", code, out)
	}
}

func TestVerifyTestMainFailsLeakyPackage(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	out, code := verifyRunTestMain(t, verifyBuildTestMain(t, ""), "LEAKLINT_TESTMAIN_LEAK=1", ReportDirEnv+"="+dir)
	if code != 1 {
		t.Fatalf("leaky package: exit %d, want 1; output:\n%s", code, out)
	}
	verifyContains(t, out, "--- PASS: TestLeaky",
		"leak: 2 goroutines started by the tests TestLabelledTolerated (1), TestLeaky (1) still running",
		"1 × chan send", "blocked at  github.com/leaklint/leaklint/runtime/testdata/testmain.leakyProducer",
		"created by  github.com/leaklint/leaklint/runtime/testdata/testmain.TestLeaky",
		"test        TestLeaky",
		"JSON report: "+filepath.Join(dir, "TestMain-1.json"),
		"FAIL: goroutines leaked by the tests (leak.VerifyTestMain)")
	if strings.Contains(out, "testmain.init") {
		t.Errorf("the goroutine started at package initialisation was reported:\n%s", out)
	}
}

// TestVerifyTestMainMarksDefiniteLeaks builds the test binary with the
// goroutine leak profile (Go 1.27 has it; Go 1.26 needs
// GOEXPERIMENT=goroutineleakprofile): the leaked producer blocks on a
// channel nothing else references, which the collector proves.
func TestVerifyTestMainMarksDefiniteLeaks(t *testing.T) {
	t.Parallel()
	experiment := "goroutineleakprofile"
	if pprof.Lookup("goroutineleak") != nil {
		// This Go has the profile without asking (or this binary was
		// built with the experiment already).
		experiment = os.Getenv("GOEXPERIMENT")
	}
	dir := t.TempDir()
	out, code := verifyRunTestMain(t, verifyBuildTestMain(t, experiment), "LEAKLINT_TESTMAIN_LEAK=1", ReportDirEnv+"="+dir)
	if code != 1 {
		t.Fatalf("exit %d, want 1; output:\n%s", code, out)
	}
	verifyContains(t, out, "1 × chan send", "[definite leak")
	data, err := os.ReadFile(filepath.Join(dir, "TestMain-1.json"))
	if err != nil {
		t.Fatal(err)
	}
	var r LeakReport
	if err := json.Unmarshal(data, &r); err != nil || len(r.Leaks) != 2 || !r.Leaks[0].Definite || !r.Leaks[1].Definite {
		t.Fatalf("JSON report does not mark the leak definite (%v):\n%s", err, data)
	}
}

func TestVerifyTestMainMisuse(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	if code := CheckTestMain(nil, &out); code != 2 || !strings.Contains(out.String(), "func TestMain(m *testing.M) { leak.VerifyTestMain(m) }") {
		t.Errorf("nil m: exit %d, message %q", code, out.String())
	}
	out.Reset()
	if code := CheckTestMain(verifyFakeM(0), &out, WithTolerance(-1)); code != 2 || !strings.Contains(out.String(), "WithTolerance(-1)") {
		t.Errorf("bad option: exit %d, message %q", code, out.String())
	}
	out.Reset()
	if code := CheckTestMain(verifyFakeM(3), &out); code != 3 || out.Len() != 0 {
		t.Errorf("failing tests: exit %d, want m.Run's 3 and no check; output %q", code, out.String())
	}
}

type verifyFakeM int

func (m verifyFakeM) Run() int { return int(m) }
