package ledger

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestTopLevel(t *testing.T) {
	for name, want := range map[string]string{
		"example.com/p.F":                     "example.com/p.F",
		"example.com/p.F.func1":               "example.com/p.F",
		"example.com/p.F.func1.2":             "example.com/p.F",
		"example.com/p.F.gowrap3":             "example.com/p.F",
		"example.com/p.(*T).M.deferwrap1":     "example.com/p.(*T).M",
		"example.com/p.(*T).function":         "example.com/p.(*T).function",
		"example.com/p.funcs":                 "example.com/p.funcs",
		"example.com/p.F[...].func1":          "example.com/p.F[...]",
		"main.main":                           "main.main",
		"example.com/p.TestX.func1.gowrap2.1": "example.com/p.TestX",
		"pkg.function":                        "pkg.function",
		"example.com/a.b.func":                "example.com/a.b.func",
	} {
		assert.Equal(t, want, TopLevel(name), name)
	}
}

func TestCallerAt(t *testing.T) {
	c := func() Caller { return CallerAt(1) }()
	assert.Contains(t, c.Origin, "ledger_test.go:")
	assert.True(t, strings.HasSuffix(c.Function, ".TestCallerAt"), c.Function)
	assert.Equal(t, Caller{Origin: "unknown caller"}, CallerAt(1000))
}

func TestCompletePairs(t *testing.T) {
	var l Ledger
	a := Caller{Origin: "a.go:1", Function: "pkg.A"}
	b := Caller{Origin: "b.go:2", Function: "pkg.B"}
	l.Register(a)
	idB := l.Register(b)
	l.Register(a)

	l.Complete(0, Caller{Origin: "b.go:9", Function: "pkg.B"})
	assert.Equal(t, []string{"a.go:1", "a.go:1"}, l.Open(), "the completion from B retires B's")

	idC := l.Register(b)
	assert.Greater(t, idC, idB)
	l.Complete(idC, Caller{})
	assert.Equal(t, []string{"a.go:1", "a.go:1"}, l.Open(), "an id retires exactly its own")

	l.Complete(0, Caller{Origin: "c.go:3", Function: "pkg.C"})
	assert.Equal(t, []string{"a.go:1"}, l.Open(), "otherwise the oldest")
}

func TestUnmatched(t *testing.T) {
	var l Ledger
	l.Complete(0, Caller{Origin: "x.go:1"})
	l.Complete(0, Caller{Origin: "x.go:2"})
	n, first := l.Unmatched()
	assert.Equal(t, 2, n)
	assert.Equal(t, "x.go:1", first)
	assert.Nil(t, l.Open())
}

func TestWatch(t *testing.T) {
	var l Ledger
	assert.Nil(t, l.Watch(), "nothing open: nothing to wait for")
	id := l.Register(Caller{Origin: "a.go:1"})
	l.Register(Caller{Origin: "a.go:2"})
	done := l.Watch()
	l.Complete(id, Caller{})
	select {
	case <-done:
		t.Fatal("closed while a stream is still open")
	default:
	}
	l.Complete(0, Caller{})
	select {
	case <-done:
	default:
		t.Fatal("not closed once the last stream completed")
	}
	l.Unwatch()
}
