package leak

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/leaklint/leaklint/runtime/internal/ledger"
)

// GuardDefaultTimeout is how long Cleanup waits for open streams unless
// WithGuardTimeout says otherwise.
const GuardDefaultTimeout = 5 * time.Second

// GuardOption configures a StreamingResourceGuard.
type GuardOption func(*guardConfig)

type guardConfig struct {
	timeout time.Duration
	err     error // the first invalid option, reported by Cleanup
}

// WithGuardTimeout bounds how long Cleanup waits for registered streams to
// complete after cancelling the guard's context. It must be positive.
func WithGuardTimeout(d time.Duration) GuardOption {
	return func(c *guardConfig) {
		if d <= 0 {
			if c.err == nil {
				c.err = fmt.Errorf("leak: WithGuardTimeout(%v): the timeout must be positive, such as 5*time.Second; using %v", d, c.timeout)
			}
			return
		}
		c.timeout = d
	}
}

// StreamingResourceGuard ties the streams of one unit of work (a request, a
// job) to one context, and on Cleanup cancels it and checks that every
// stream has finished.
//
// A producer calls RegisterStream before it starts a stream and
// CompleteStream when the stream has ended, and uses Context so that Cleanup
// stops it:
//
//	g := leak.NewStreamingResourceGuard(ctx)
//	defer func() {
//		if err := g.Cleanup(); err != nil {
//			log.Print(err)
//		}
//	}()
//	g.RegisterStream()
//	go func() {
//		defer g.CompleteStream()
//		produce(g.Context(), out)
//	}()
//
// Go does both for a function run on a new goroutine.
//
// Each registration remembers its caller's file:line, so that Cleanup can
// say where the streams that did not finish were started. CompleteStream
// retires the oldest open registration made from the same function as its
// caller (or the function enclosing the caller, when the caller is a
// closure), otherwise the oldest one: with several streams open from
// different places, prefer Go, which pairs them exactly.
//
// All methods are safe for concurrent use. The zero StreamingResourceGuard
// guards a context derived from context.Background() with the default
// timeout.
type StreamingResourceGuard struct {
	init   sync.Once // completes a zero value; a no-op after the constructor
	ctx    context.Context
	cancel context.CancelFunc
	cfg    guardConfig

	mu     sync.Mutex
	ledger ledger.Ledger // the open streams (package ledger)

	cleanupOnce sync.Once
	cleanupErr  error
}

// NewStreamingResourceGuard returns a guard whose context derives from ctx.
// A nil ctx is treated as context.Background(), and Cleanup reports it.
func NewStreamingResourceGuard(ctx context.Context, opts ...GuardOption) *StreamingResourceGuard {
	cfg := guardConfig{timeout: GuardDefaultTimeout}
	if ctx == nil {
		cfg.err = errors.New("leak: NewStreamingResourceGuard called with a nil context; pass the request's context or context.Background()")
		ctx = context.Background()
	}
	for _, opt := range opts {
		if opt == nil {
			if cfg.err == nil {
				cfg.err = errors.New("leak: NewStreamingResourceGuard was passed a nil GuardOption; leave it out or pass WithGuardTimeout")
			}
			continue
		}
		opt(&cfg)
	}
	g := &StreamingResourceGuard{cfg: cfg}
	g.ctx, g.cancel = context.WithCancel(ctx)
	g.ready()
	return g
}

// ready completes a zero value; every exported method calls it first.
func (g *StreamingResourceGuard) ready() {
	g.init.Do(func() {
		if g.cancel == nil {
			g.ctx, g.cancel = context.WithCancel(context.Background())
			g.cfg.timeout = GuardDefaultTimeout
		}
	})
}

// Context returns the guard's context, which Cleanup cancels. Producers
// registered with the guard must stop when it is done.
func (g *StreamingResourceGuard) Context() context.Context {
	g.ready()
	return g.ctx
}

// RegisterStream records that a stream is starting, at the caller's
// file:line. Pair it with one CompleteStream when the stream has ended.
func (g *StreamingResourceGuard) RegisterStream() {
	g.ready()
	g.register(ledger.CallerAt(2))
}

// CompleteStream records that a registered stream has ended. A call without
// a matching RegisterStream changes nothing and makes Cleanup return an
// error that says where it happened.
func (g *StreamingResourceGuard) CompleteStream() {
	g.ready()
	g.complete(0, ledger.CallerAt(2))
}

// Go registers a stream at the caller's file:line, runs fn on a new
// goroutine with the guard's context and completes that same stream when fn
// returns.
func (g *StreamingResourceGuard) Go(fn func(ctx context.Context)) {
	g.ready()
	if fn == nil {
		g.mu.Lock()
		g.recordMisuseLocked("leak: StreamingResourceGuard.Go called with a nil function at " + ledger.CallerAt(2).Origin)
		g.mu.Unlock()
		return
	}
	id := g.register(ledger.CallerAt(2))
	go func() {
		defer g.complete(id, ledger.Caller{})
		fn(g.ctx)
	}()
}

func (g *StreamingResourceGuard) register(c ledger.Caller) (id uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.ledger.Register(c)
}

// complete retires the registration id when it is not 0, otherwise the
// oldest one made from c's function, otherwise the oldest one.
func (g *StreamingResourceGuard) complete(id uint64, c ledger.Caller) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.ledger.Complete(id, c)
}

// recordMisuseLocked keeps the first misuse for Cleanup to report.
func (g *StreamingResourceGuard) recordMisuseLocked(msg string) {
	if g.cfg.err == nil {
		g.cfg.err = errors.New(msg)
	}
}

// Cleanup cancels the guard's context and waits, up to the guard's timeout,
// for every registered stream to complete. It returns nil if they all did
// and the guard was used correctly; otherwise a *GuardCleanupError that
// lists the streams still open by where they were registered.
//
// Cleanup is idempotent: later calls wait for the first one and return its
// result.
func (g *StreamingResourceGuard) Cleanup() error {
	g.ready()
	g.cleanupOnce.Do(func() { g.cleanupErr = g.cleanup() })
	return g.cleanupErr
}

func (g *StreamingResourceGuard) cleanup() error {
	g.cancel()
	g.mu.Lock()
	drained := g.ledger.Watch()
	g.mu.Unlock()

	if drained != nil {
		timer := time.NewTimer(g.cfg.timeout)
		select {
		case <-drained:
		case <-timer.C:
		}
		timer.Stop()
	}

	g.mu.Lock()
	defer g.mu.Unlock()
	g.ledger.Unwatch()
	open := g.ledger.Open()
	unmatched, unmatchedAt := g.ledger.Unmatched()
	if len(open) == 0 && unmatched == 0 && g.cfg.err == nil {
		return nil
	}
	return &GuardCleanupError{
		Open:            open,
		Timeout:         g.cfg.timeout,
		Unmatched:       unmatched,
		UnmatchedOrigin: unmatchedAt,
		Misuse:          g.cfg.err,
	}
}

// GuardCleanupError is what Cleanup returns when streams were still open
// when its wait ended, or when the guard was misused.
type GuardCleanupError struct {
	// Open holds the file:line where each stream still open was
	// registered, oldest first.
	Open []string
	// Timeout is how long Cleanup waited for them.
	Timeout time.Duration
	// Unmatched counts CompleteStream calls made with no stream open; the
	// first one was at UnmatchedOrigin.
	Unmatched       int
	UnmatchedOrigin string
	// Misuse is the first invalid argument given to the guard, if any.
	Misuse error
}

func (e *GuardCleanupError) Error() string {
	var b strings.Builder
	b.WriteString("leak: StreamingResourceGuard.Cleanup:")
	if n := len(e.Open); n > 0 {
		fmt.Fprintf(&b, " %d %s still open %v after cancelling the guard's context; registered at:",
			n, guardPlural(n, "stream", "streams"), e.Timeout)
		origins, counts := guardGroup(e.Open)
		for _, o := range origins {
			fmt.Fprintf(&b, "\n\t%s", o)
			if counts[o] > 1 {
				fmt.Fprintf(&b, " (%d streams)", counts[o])
			}
		}
	}
	if e.Unmatched > 0 {
		if len(e.Open) > 0 {
			b.WriteString("\n")
		}
		fmt.Fprintf(&b, " CompleteStream called %d %s without a matching RegisterStream, first at %s; call it once per RegisterStream",
			e.Unmatched, guardPlural(e.Unmatched, "time", "times"), e.UnmatchedOrigin)
	}
	if e.Misuse != nil {
		if len(e.Open) > 0 || e.Unmatched > 0 {
			b.WriteString("\n")
		}
		// The misuse says "leak:" itself when it stands alone; here it
		// follows this message's own prefix.
		b.WriteString(" " + strings.TrimPrefix(e.Misuse.Error(), "leak: "))
	}
	return b.String()
}

// Unwrap returns the misuse error, if any.
func (e *GuardCleanupError) Unwrap() error { return e.Misuse }

func guardPlural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// guardGroup returns the distinct origins in first-seen order with counts.
func guardGroup(origins []string) ([]string, map[string]int) {
	counts := make(map[string]int)
	var order []string
	for _, o := range origins {
		if counts[o] == 0 {
			order = append(order, o)
		}
		counts[o]++
	}
	return order, counts
}
