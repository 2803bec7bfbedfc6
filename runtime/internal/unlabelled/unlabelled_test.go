package unlabelled

import (
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func goroutine(id, creatorID uint64, creator string) *stack.Goroutine {
	g := &stack.Goroutine{ID: id, CreatorID: creatorID}
	g.CreatedBy.Func = []byte(creator)
	return g
}

func TestOverlapAndClaim(t *testing.T) {
	var c Checks
	a, endA := c.Begin()
	assert.False(t, a.overlapped.Load(), "alone")
	b, endB := c.Begin()
	assert.True(t, a.overlapped.Load())
	assert.True(t, b.overlapped.Load())
	endA()
	endB()
	d, endD := c.Begin()
	defer endD()
	assert.False(t, d.overlapped.Load(), "the others ended")

	assert.True(t, c.Claim(7, "1"), "the first check to claim it reports it")
	assert.False(t, c.Claim(7, "2"))
	assert.True(t, c.Claim(7, "1"))
}

func TestNilAdopterAdoptsNothing(t *testing.T) {
	var a *Adopter
	g := goroutine(10, 0, "time.goFunc")
	assert.False(t, a.Adopt(g))
	assert.False(t, a.Undecided(g))
	assert.False(t, a.Unattributed(10))
	a.Resolve([]stack.Goroutine{*g})
}

func TestAdoptByCreator(t *testing.T) {
	var c Checks
	a, end := c.Begin()
	defer end()
	user := goroutine(1<<40, 5, "example.com/app.Start")
	assert.False(t, a.Undecided(user), "user code labels what it starts")
	assert.False(t, a.Adopt(user))

	// Synthetic goroutines have no stack, so the baseline cannot have seen
	// them running: each is decided on its own.
	timer := goroutine(1<<40+1, 0, "time.goFunc")
	assert.True(t, a.Undecided(timer))
	assert.True(t, a.Adopt(timer))
	assert.False(t, a.Undecided(timer), "decided")
	child := goroutine(1<<40+2, timer.ID, "example.com/app.callback")
	assert.True(t, a.Adopt(child), "started by an adopted goroutine")
	assert.True(t, a.Adopt(goroutine(1<<40+3, 0, "runtime.gcBgMarkStartWorkers")))

	assert.False(t, a.Unattributed(timer.ID), "no other check ran")
	_, endOther := c.Begin()
	defer endOther()
	assert.True(t, a.Unattributed(timer.ID))
	assert.False(t, a.Unattributed(user.ID))
}

// A timer callback started after the check began is adopted from a real
// dump; resolving a dump that holds it keeps it adopted.
func TestAdoptTimerCallbackFromADump(t *testing.T) {
	var c Checks
	a, end := c.Begin()
	defer end()
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	time.AfterFunc(0, func() { close(started); <-release })
	<-started

	buf := make([]byte, 1<<20)
	dump := buf[:runtime.Stack(buf, true)]
	var g stack.Goroutine
	var timers []stack.Goroutine
	for it := stack.NewDump(dump); it.Next(&g); {
		if string(g.CreatedBy.Func) == "time.goFunc" && a.Undecided(&g) {
			timers = append(timers, g)
		}
	}
	require.NotEmpty(t, timers, "the callback's goroutine is in the dump")
	a.Resolve(timers)
	for i := range timers {
		assert.True(t, a.Adopt(&timers[i]), "goroutine %d", timers[i].ID)
	}
}

func TestPeersOutliveTheirChecks(t *testing.T) {
	var c Checks
	a, endA := c.BeginAs("1")
	b, endB := c.BeginAs("2")
	endB()
	d, endD := c.BeginAs("3")
	defer endD()
	endA()
	assert.Equal(t, []string{"2", "3"}, c.Peers(a), "every check that overlapped, ended or not")
	assert.Equal(t, []string{"1"}, c.Peers(b))
	assert.Equal(t, []string{"1"}, c.Peers(d), "2 had ended when 3 began")
	_, endE := c.Begin() // unlabelled: overlaps, but names no peer
	defer endE()
	assert.Equal(t, []string{"1"}, c.Peers(d))
}
