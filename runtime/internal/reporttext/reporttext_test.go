package reporttext

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestProgressWord(t *testing.T) {
	for state, want := range map[string]string{
		"running":      "running",
		"runnable":     "running",
		"sleep":        "sleeping",
		"syscall":      "in a system call",
		"chan receive": "",
		"select":       "",
		"GC assist":    "GC assist",
	} {
		assert.Equal(t, want, ProgressWord(state, false), state)
	}
	assert.Empty(t, ProgressWord("running", true), "a proven leak is never progressing")
}

func TestPlural(t *testing.T) {
	assert.Equal(t, "goroutine", Plural(1, "goroutine"))
	assert.Equal(t, "goroutines", Plural(2, "goroutine"))
	assert.Equal(t, "them", Plural(0, "it", "them"))
}

func TestOwnerNamedWhenItOwnsEverything(t *testing.T) {
	r := &Report{Waited: 400 * time.Millisecond, Groups: []Group{
		{Count: 2, State: "chan send", Function: "f", Position: "a.go:1", Owner: "TestA"},
		{Count: 1, State: "chan send", Function: "g", Position: "a.go:2", Owner: "TestA"},
	}}
	assert.Contains(t, r.String(), "leak: 3 goroutines started by TestA still running after 400ms\n")

	r.Groups = append(r.Groups, Group{Count: 1, State: "select", Function: "h", Position: "b.go:3"})
	assert.Contains(t, r.String(), "leak: 4 goroutines started by the tests TestA (3) still running", "one owner, but not of all")
}
