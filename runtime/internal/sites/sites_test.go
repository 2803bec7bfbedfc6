package sites

import (
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testdata/goroutines.txt is a real profile; testdata/profilegen
// regenerates it.
func TestParseProfileFixture(t *testing.T) {
	f, err := os.Open("testdata/goroutines.txt")
	require.NoError(t, err)
	defer f.Close()

	sites, err := Parse(f, 10)
	require.NoError(t, err)
	const src = "/work/main/runtime/internal/sites/testdata/profilegen/main.go"
	assert.Equal(t, []Site{
		// Three unlabelled workers and one with pprof labels: one site.
		{Function: "main.parkedWorker", Location: src + ":16", Count: 4},
		{Function: "main.main.func1", Location: src + ":30", Count: 2},
		// The runtime.main frame is skipped for the function it called.
		{Function: "main.main", Location: src + ":38", Count: 1},
	}, sites)

	_, err = f.Seek(0, 0)
	require.NoError(t, err)
	top, err := Parse(f, 1)
	require.NoError(t, err)
	assert.Equal(t, []Site{{Function: "main.parkedWorker", Location: src + ":16", Count: 4}}, top)
}

func TestParseProfileSkipsGoroutinesWithoutFrames(t *testing.T) {
	// Goroutines that have not run yet show no frame below runtime.goexit.
	profile := "goroutine profile: total 3\n2 @ 0x483e41\n\n1 @ 0x4dc1e1 0x483e41\n#\t0x4dc1e0\tmain.main.func1+0x0\t/tmp/main.go:17\n"
	sites, err := Parse(strings.NewReader(profile), 10)
	require.NoError(t, err)
	assert.Equal(t, []Site{{Function: "main.main.func1", Location: "/tmp/main.go:17", Count: 1}}, sites)
}

func TestParseProfileRejectsMalformedInput(t *testing.T) {
	for name, tc := range map[string]struct{ profile, wantErr string }{
		"empty":      {"", "empty goroutine profile"},
		"debug=2":    {"goroutine 1 [running]:\nmain.main()\n", "not a goroutine profile with debug=1"},
		"bad header": {"goroutine profile: total 1\nmany @ 0x1\n", `line 2: want "<count> @ <pcs>"`},
		"bad frame":  {"goroutine profile: total 1\n1 @ 0x1\n#\tgarbage\n", "line 3: malformed frame"},
		"orphan":     {"goroutine profile: total 1\n#\t0x1\tmain.f+0x1\t/a.go:1\n", "line 2: malformed frame"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.profile), 10)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestStrings(t *testing.T) {
	assert.Equal(t, []string{"3 main.worker at /a.go:7"}, Strings([]Site{{Function: "main.worker", Location: "/a.go:7", Count: 3}}))
}

// profiled blocks until release is closed; TestProfile finds its
// goroutines by name.
func profiled(started *sync.WaitGroup, release <-chan struct{}) {
	started.Done()
	<-release
}

func TestProfile(t *testing.T) {
	var started sync.WaitGroup
	release := make(chan struct{})
	defer close(release)
	started.Add(30)
	for range 30 {
		go profiled(&started, release)
	}
	started.Wait()

	top, err := Profile(1, "")
	require.NoError(t, err)
	require.Len(t, top, 1)
	assert.True(t, strings.HasSuffix(top[0].Function, ".profiled"), "%+v", top[0])
	assert.Equal(t, 30, top[0].Count)

	top, err = Profile(5, top[0].Function)
	require.NoError(t, err)
	for _, s := range top {
		assert.False(t, strings.HasSuffix(s.Function, ".profiled"), "the skipped function is left out: %+v", s)
	}
}
