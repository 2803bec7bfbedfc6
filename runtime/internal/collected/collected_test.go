package collected

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/leaklint/leaklint/internal/track"
)

func TestOriginsAreBounded(t *testing.T) {
	var set Set
	for i := range Limit + 10 {
		set.Add(track.Collected{Kind: "StreamingContext", Origin: "/gen.go:" + strings.Repeat("x", i)})
	}
	assert.Equal(t, Limit+1, set.Origins())
	assert.Equal(t, int64(Limit+10), set.Total())
	assert.Equal(t, Site{Kind: "StreamingContext", Origin: Overflow, Count: 10}, set.Top(1)[0])
}

func TestTopIsLargestFirst(t *testing.T) {
	var set Set
	assert.Empty(t, set.Top(5), "the zero Set is empty")
	set.Add(track.Collected{Kind: "StreamingResultBuilder", Origin: "/b.go:20"})
	set.Add(track.Collected{Kind: "StreamingContext", Origin: "/a.go:10"})
	set.Add(track.Collected{Kind: "StreamingContext", Origin: "/a.go:10"})
	assert.Equal(t, []Site{
		{Kind: "StreamingContext", Origin: "/a.go:10", Count: 2},
		{Kind: "StreamingResultBuilder", Origin: "/b.go:20", Count: 1},
	}, set.Top(5))
	assert.Len(t, set.Top(1), 1)
}

func TestStrings(t *testing.T) {
	assert.Equal(t, []string{
		"2 StreamingContext created at /a.go:10",
		"1 StreamingResultBuilder created at unknown origin",
	}, Strings([]Site{
		{Kind: "StreamingContext", Origin: "/a.go:10", Count: 2},
		{Kind: "StreamingResultBuilder", Count: 1},
	}))
}
