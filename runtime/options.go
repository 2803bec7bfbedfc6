package leak

import (
	"fmt"
	"regexp"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/budget"
	"github.com/leaklint/leaklint/runtime/internal/exclude"
)

// DefaultTimeout is how long a check waits, by default, for the goroutines
// a test started to exit. A goroutine that needs up to about half of it to
// wind down is not reported, and a real leak is reported sooner than
// goleak's default retry budget (about 446ms) would.
const DefaultTimeout = 400 * time.Millisecond

// ReportDirEnv names the environment variable that, when it names a
// directory, makes every failing check write a JSON report there.
const ReportDirEnv = "LEAKLINT_REPORT_DIR"

// An Option configures a check. Options are applied in order; an invalid
// one is reported through the test when the check runs.
type Option func(*detectorConfig)

// detectorConfig is what the options set.
type detectorConfig struct {
	tolerance int
	timeout   time.Duration
	// progressGrace is the extra wait for goroutines still progressing
	// when the timeout passes; negative means "equal to the timeout".
	progressGrace time.Duration
	// ignore holds WithExcludePatterns, WithIgnoreTopFunction and
	// WithIgnoreCreatedBy.
	ignore    exclude.Rules
	ignoreIDs map[uint64]bool
	// ignoreProcessLifetime drops the goroutines started once per
	// process (WithIgnoreProcessLifetime).
	ignoreProcessLifetime bool
	reportDir             string
	reportDirSet          bool
	errs                  []error
	// onDump, for tests, runs after each dump with the attempt number and
	// the number of goroutines still pending.
	onDump func(attempt, pending int)
}

func newDetectorConfig(opts []Option) *detectorConfig {
	cfg := &detectorConfig{timeout: DefaultTimeout, progressGrace: -1}
	for _, opt := range opts {
		if opt == nil {
			cfg.errs = append(cfg.errs, fmt.Errorf("a nil Option was passed; leave it out or pass one of the With* options"))
			continue
		}
		opt(cfg)
	}
	return cfg
}

// err joins the problems found while applying the options.
func (c *detectorConfig) err() error {
	if len(c.errs) == 0 {
		return nil
	}
	msg := "invalid options:"
	for _, e := range c.errs {
		msg += "\n\t" + e.Error()
	}
	return fmt.Errorf("%s", msg)
}

// WithTolerance accepts up to n goroutines started by the test that are
// still running when the check ends. Unreleased stream resources are
// reported regardless.
func WithTolerance(n int) Option {
	return func(c *detectorConfig) {
		if n < 0 {
			c.errs = append(c.errs, fmt.Errorf("WithTolerance(%d): the tolerance is a number of goroutines, at least 0", n))
			return
		}
		c.tolerance = n
	}
}

// WithTimeout sets how long a check waits for the test's goroutines to
// exit before it reports them (DefaultTimeout by default). Zero checks
// once, without waiting. Goroutines still progressing (sleeping, running)
// when it passes get the progress grace on top; see WithProgressGrace.
func WithTimeout(d time.Duration) Option {
	return func(c *detectorConfig) {
		if d < 0 {
			c.errs = append(c.errs, fmt.Errorf("WithTimeout(%v): the timeout must be 0 (check once) or positive", d))
			return
		}
		c.timeout = d
	}
}

// WithProgressGrace sets how much longer than the timeout a check waits
// for goroutines that are still making progress when the timeout passes:
// sleeping (time.Sleep), runnable, running, in a system call, or in any
// state that is not recognisably blocked. By default the grace is five
// times the timeout (2s with DefaultTimeout), and fifteen times (6s) in a
// binary built with -race, whose goroutines run several times slower; 0
// turns it off.
//
// The grace never delays a report when every goroutine left is blocked
// (on a channel, select, nil channel, "select (no cases)", sync.Mutex,
// sync.RWMutex, sync.Cond, sync.WaitGroup, a semaphore, IO wait, or
// proved stuck by the collector): those are reported when the timeout
// passes, as without it. When some goroutine is still progressing, the
// check keeps polling (cheaply: runtime.NumGoroutine between dumps) until
// none is, because they exited or blocked, or until the grace runs out,
// and then reports whatever is left: blocked goroutines alongside
// progressing ones are then reported up to the grace later, but without
// the progressing ones that finished in the meantime.
func WithProgressGrace(d time.Duration) Option {
	return func(c *detectorConfig) {
		if d < 0 {
			c.errs = append(c.errs, fmt.Errorf("WithProgressGrace(%v): the grace must be 0 (off) or positive", d))
			return
		}
		c.progressGrace = d
	}
}

// grace is the effective progress grace.
func (c *detectorConfig) grace() time.Duration {
	if c.progressGrace >= 0 {
		return c.progressGrace
	}
	return budget.Grace(c.timeout)
}

// WithExcludePatterns ignores goroutines with a function in their stack,
// or a creator, matching one of the regular expressions, for example
// `^net/http\.\(\*persistConn\)\.` for idle keep-alive connections.
func WithExcludePatterns(patterns ...string) Option {
	return func(c *detectorConfig) {
		for _, p := range patterns {
			re, err := regexp.Compile(p)
			if err != nil {
				c.errs = append(c.errs, fmt.Errorf("WithExcludePatterns(%q): %v", p, err))
				continue
			}
			c.ignore.Patterns = append(c.ignore.Patterns, re)
		}
	}
}

// WithIgnoreTopFunction ignores goroutines whose innermost frame is the
// function named fn, fully qualified as in a stack trace
// ("example.com/pkg.(*Pool).worker"). It matches goleak.IgnoreTopFunction.
func WithIgnoreTopFunction(fn string) Option {
	return func(c *detectorConfig) {
		if fn == "" {
			c.errs = append(c.errs, fmt.Errorf(`WithIgnoreTopFunction(""): name a function as a stack trace prints it, such as "example.com/pkg.(*Pool).worker"`))
			return
		}
		c.ignore.TopFuncs = append(c.ignore.TopFuncs, fn)
	}
}

// WithIgnoreCreatedBy ignores goroutines created by the function named fn
// (the "created by" line of their stack), fully qualified as in a stack
// trace. It answers goleak issue #135.
func WithIgnoreCreatedBy(fn string) Option {
	return func(c *detectorConfig) {
		if fn == "" {
			c.errs = append(c.errs, fmt.Errorf(`WithIgnoreCreatedBy(""): name the creating function as a stack trace prints it, such as "example.com/pkg.StartWorkers"`))
			return
		}
		c.ignore.CreatedBy = append(c.ignore.CreatedBy, fn)
	}
}

// WithIgnoreCurrent ignores the goroutines that are running when the
// option is created, like goleak.IgnoreCurrent. Checks made with
// NewGoroutineLeakDetector and VerifyNoLeaks already consider only the
// goroutines their test starts; this option matters for VerifyTestMain and
// when pprof labels are unavailable.
func WithIgnoreCurrent() Option {
	ids, err := detectorCurrentIDs()
	return func(c *detectorConfig) {
		if err != nil {
			c.errs = append(c.errs, fmt.Errorf("WithIgnoreCurrent: %v", err))
			return
		}
		if c.ignoreIDs == nil {
			c.ignoreIDs = make(map[uint64]bool, len(ids))
		}
		for id := range ids {
			c.ignoreIDs[id] = true
		}
	}
}

// WithReportDir writes the JSON report of a failing check into dir,
// overriding the LEAKLINT_REPORT_DIR environment variable. An empty dir
// turns the JSON report off.
func WithReportDir(dir string) Option {
	return func(c *detectorConfig) {
		c.reportDir = dir
		c.reportDirSet = true
	}
}

// WithIgnoreProcessLifetime ignores goroutines that a library starts once
// for the life of the process, when the check's code reaches it for the
// first time: goroutines created under a package-level sync.Once
// (Once.Do, OnceFunc, OnceValue, OnceValues), or by a package's init. Without it such a
// goroutine is reported once, as "process-lifetime", in the check that
// happened to start it, and not as that test's leak.
func WithIgnoreProcessLifetime() Option {
	return func(c *detectorConfig) { c.ignoreProcessLifetime = true }
}
