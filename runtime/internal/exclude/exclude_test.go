package exclude

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

const worker = `goroutine 7 [chan receive]:
example.com/app.(*Pool).wait(0x1)
	/src/app/pool.go:30 +0x25
example.com/app.(*Pool).worker(0x1)
	/src/app/pool.go:12 +0x25
created by example.com/app.StartWorkers in goroutine 1
	/src/app/start.go:5 +0x16
`

func parse(t *testing.T, dump string) *stack.Goroutine {
	t.Helper()
	var g stack.Goroutine
	d := stack.NewDump([]byte(dump))
	require.True(t, d.Next(&g), "no goroutine parsed")
	return &g
}

func TestRules(t *testing.T) {
	g := parse(t, worker)
	for name, tc := range map[string]struct {
		rules Rules
		want  bool
	}{
		"none":                 {Rules{}, false},
		"pattern in the stack": {Rules{Patterns: []*regexp.Regexp{regexp.MustCompile(`\.worker$`)}}, true},
		"pattern on creator":   {Rules{Patterns: []*regexp.Regexp{regexp.MustCompile(`StartWorkers`)}}, true},
		"pattern elsewhere":    {Rules{Patterns: []*regexp.Regexp{regexp.MustCompile(`^net/http\.`)}}, false},
		"top function":         {Rules{TopFuncs: []string{"example.com/app.(*Pool).wait"}}, true},
		"not the top function": {Rules{TopFuncs: []string{"example.com/app.(*Pool).worker"}}, false},
		"creator":              {Rules{CreatedBy: []string{"example.com/app.StartWorkers"}}, true},
		"creator by prefix":    {Rules{CreatedBy: []string{"example.com/app.Start"}}, false},
	} {
		assert.Equal(t, tc.want, tc.rules.Excluded(g), name)
	}
}

func TestBuiltInExclusions(t *testing.T) {
	g := parse(t, `goroutine 5 [chan receive]:
testing.(*T).Run(0x1, {0x2, 0x3}, 0x4)
	/usr/lib/go/src/testing/testing.go:2005 +0x485
testing.runTests.func1(0x1)
	/usr/lib/go/src/testing/testing.go:2477 +0x37
testing.tRunner(0x1, 0x2)
	/usr/lib/go/src/testing/testing.go:1934 +0xea
created by testing.(*T).Run in goroutine 1
	/usr/lib/go/src/testing/testing.go:1997 +0x465
`)
	assert.True(t, new(Rules).Excluded(g), "a test's own goroutine is never reported")
}
