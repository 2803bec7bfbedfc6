package leak

import (
	"bufio"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// failLineChildEnv runs the TestFailLineChild tests in a child process:
// they fail on purpose, and their output is what the parent checks.
const failLineChildEnv = "LEAKLINT_FAILLINE_CHILD"

func failLineChild(t *testing.T) {
	if os.Getenv(failLineChildEnv) != "1" {
		t.Skip("run by TestFailLineNamesTheUsersCall in a child process")
	}
}

// The leaks below stay parked until the child process exits.
var failLineForever = make(chan struct{})

func TestFailLineChildDeferredCheck(t *testing.T) {
	failLineChild(t)
	defer NewGoroutineLeakDetector(t, WithTimeout(time.Millisecond)).Check() // failline:deferred
	go verifyParkedReceive(failLineForever)
}

func TestFailLineChildParallelSubtest(t *testing.T) {
	failLineChild(t)
	VerifyNoLeaks(t, func() { // failline:verify
		t.Run("sub", func(t *testing.T) {
			t.Parallel()
			go verifyParkedReceive(failLineForever)
		})
	}, WithTimeout(time.Millisecond))
}

func TestFailLineChildCleanupCheck(t *testing.T) {
	failLineChild(t)
	d := NewGoroutineLeakDetector(t, WithTimeout(time.Millisecond))
	t.Cleanup(d.Check) // failline:cleanup
	go verifyParkedReceive(failLineForever)
}

// A verdict given in a cleanup (a deferred Check, VerifyNoLeaks waiting
// for parallel subtests, t.Cleanup(d.Check)) is reported by testing at the
// user's line, as a verdict given at once is: not at "detector.go:131" or
// "testing.go:72", lines of this package a user cannot act on.
func TestFailLineNamesTheUsersCall(t *testing.T) {
	if os.Getenv(failLineChildEnv) == "1" {
		t.Skip("child")
	}
	lines := failLineMarkers(t, "failline_test.go")
	cmd := exec.Command(os.Args[0], "-test.run=^TestFailLineChild", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), failLineChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("child tests passed, want them to fail:\n%s", out)
	}
	for _, m := range []string{"deferred", "verify", "cleanup"} {
		want := "failline_test.go:" + strconv.Itoa(lines[m]) + ": leak: 1 goroutine started by "
		if !strings.Contains(string(out), want) {
			t.Errorf("the %s check's failure is not reported at the user's line: want %q in\n%s", m, want, out)
		}
	}
	for _, bad := range []string{"detector.go:", "testing.go:", "verify.go:"} {
		if strings.Contains(string(out), " "+bad) {
			t.Errorf("a failure is reported at a line of this package (%s):\n%s", bad, out)
		}
	}
}

// failLineMarkers maps each "// failline:name" comment in file to its line.
func failLineMarkers(t *testing.T, file string) map[string]int {
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lines := map[string]int{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if _, name, ok := strings.Cut(sc.Text(), "// failline:"); ok {
			lines[name] = n
		}
	}
	return lines
}
