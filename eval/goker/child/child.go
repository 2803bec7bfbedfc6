// Package child is the in-process half of the GoKer harness: it runs one
// registered scenario under the detector named by LEAKLINT_EVAL_TOOL and
// writes what the detector reported, unparsed, as JSON to the file named by
// LEAKLINT_EVAL_OUT. Parsing and scoring happen in the parent (package
// goker), so that a scenario that deadlocks or crashes its process costs
// only its own result.
package child

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"go.uber.org/goleak"

	"github.com/leaklint/leaklint/eval/goker/wire"
)

// Tools the child knows.
const (
	ToolNone     = wire.ToolNone
	ToolProfile  = wire.ToolProfile
	ToolGoleak   = wire.ToolGoleak
	ToolLeaklint = wire.ToolLeaklint
	ToolPaired   = wire.ToolPaired
)

// Profile is the part of *pprof.Profile the scenarios use.
type Profile interface {
	WriteTo(w io.Writer, debug int) error
}

// Result is what one child run hands back to the parent.
type Result = wire.Result

var (
	tool     = os.Getenv("LEAKLINT_EVAL_TOOL")
	mu       sync.Mutex
	captured bytes.Buffer
	// profileTime is the time spent writing the profile inside the
	// scenario: it is the profile's detection cost, not the scenario's.
	profileTime time.Duration
)

// LookupProfile stands in for pprof.Lookup("goroutineleak") in the corpus.
// Under ToolProfile the profile a scenario writes to os.Stdout is captured;
// under any other tool writing it does nothing, so the other detectors see
// the same goroutines at the same moment without a leak-detecting GC cycle.
func LookupProfile() Profile {
	if tool != ToolProfile {
		return discard{}
	}
	p := pprof.Lookup("goroutineleak")
	if p == nil {
		fail(fmt.Errorf("no goroutineleak profile: build with GOEXPERIMENT=goroutineleakprofile"))
	}
	return capture{p}
}

type discard struct{}

func (discard) WriteTo(io.Writer, int) error { return nil }

type capture struct{ p *pprof.Profile }

func (c capture) WriteTo(w io.Writer, debug int) error {
	if w != os.Stdout {
		return c.p.WriteTo(w, debug)
	}
	mu.Lock()
	defer mu.Unlock()
	start := time.Now()
	err := c.p.WriteTo(&captured, debug)
	profileTime += time.Since(start)
	return err
}

// Main runs the scenario named by os.Args[1].
func Main(cmds map[string]func()) {
	if len(os.Args) < 2 {
		fail(fmt.Errorf("usage: %s scenario (LEAKLINT_EVAL_TOOL=%s|%s|%s|%s|%s)", os.Args[0], ToolNone, ToolProfile, ToolGoleak, ToolLeaklint, ToolPaired))
	}
	if os.Args[1] == "-list" {
		for name := range cmds {
			fmt.Println(name)
		}
		return
	}
	f := cmds[os.Args[1]]
	if f == nil {
		fail(fmt.Errorf("unknown scenario %q", os.Args[1]))
	}
	res := Result{Program: os.Args[1], Tool: tool}
	var scenario time.Duration
	timed := func() {
		start := time.Now()
		f()
		scenario = time.Since(start)
	}
	var raw string
	var check time.Duration
	switch tool {
	case ToolNone:
		timed()
	case ToolProfile:
		timed()
		mu.Lock()
		raw = captured.String()
		check = profileTime
		mu.Unlock()
		scenario -= check
	case ToolGoleak:
		opts := goleak.IgnoreCurrent()
		timed()
		start := time.Now()
		if err := goleak.Find(opts); err != nil {
			raw = err.Error()
		}
		check = time.Since(start)
	case ToolLeaklint:
		start := time.Now()
		raw = runLeaklint(timed)
		check = time.Since(start) - scenario
	case ToolPaired:
		// leaklint first: its check is the one measured against the
		// profile, and goroutines that are really leaked stay for goleak.
		opts := goleak.IgnoreCurrent()
		start := time.Now()
		raw = runLeaklint(timed)
		check = time.Since(start) - scenario
		start = time.Now()
		if err := goleak.Find(opts); err != nil {
			res.PairedRaw = err.Error()
		}
		res.PairedCheckNanos = int64(time.Since(start))
	default:
		fail(fmt.Errorf("unknown LEAKLINT_EVAL_TOOL %q", tool))
	}
	res.Raw, res.ScenarioNanos, res.CheckNanos = raw, int64(scenario), int64(check)
	write(res)
}

func fail(err error) {
	write(Result{Program: strings.Join(os.Args[1:], " "), Tool: tool, Error: err.Error()})
	fmt.Fprintln(os.Stderr, err)
	os.Exit(2)
}

func write(r Result) {
	b, err := json.Marshal(r)
	if err != nil {
		panic("child: result does not marshal: " + err.Error())
	}
	out := os.Getenv("LEAKLINT_EVAL_OUT")
	if out == "" {
		os.Stdout.Write(append(b, '\n'))
		return
	}
	if err := os.WriteFile(out, b, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(3)
	}
}

var errNoLeaklint = fmt.Errorf("built with -tags noleaklint: VerifyNoLeaks not available")
