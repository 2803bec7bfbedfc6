package stack

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "regenerate the stack dumps in testdata from this binary")

// The fixtures are real dumps of goroutines parked in the fixture
// functions below, one pair per runtime header format, named after the Go
// release that printed them: go1.26-*.txt (labels inside the brackets)
// and go1.27-*.txt (labels after them). Regenerate them with
//
//	go test ./runtime/internal/stack -run TestFixtures -update
//	GOTOOLCHAIN=go1.27.3 go test ./runtime/internal/stack -run TestFixtures -update
//
// The "leaked" dump, printed after the leak-detecting GC marked the
// goroutines nothing can wake, is written when the runtime has the
// goroutineleak profile: always from Go 1.27, and on Go 1.26 with
//
//	GOEXPERIMENT=goroutineleakprofile go test ./runtime/internal/stack -run TestFixtures -update
func fixtureChanSend(ch chan<- int) { ch <- 1 }
func fixtureChanRecv(ch <-chan int) { <-ch }
func fixtureSelect(a, b <-chan int) {
	select {
	case <-a:
	case <-b:
	}
}

//leaklint:ignore missingunlock the fixture blocks a goroutine on a held mutex on purpose, to capture its dump
func fixtureMutex(mu *sync.Mutex)     { mu.Lock() }
func fixtureGeneric[T any](ch chan T) { <-ch }

type fixtureServer struct{ stop chan struct{} }

func (s *fixtureServer) serve() { <-s.stop }

func fixtureDeep(n int, ch <-chan int) int {
	if n == 0 {
		<-ch
		return 0
	}
	return fixtureDeep(n-1, ch) + 1
}

// startFixtureGoroutines parks one goroutine per shape and returns a
// function that releases them all.
func startFixtureGoroutines() (release func()) {
	block := make(chan int)
	var mu sync.Mutex
	mu.Lock()
	srv := &fixtureServer{stop: make(chan struct{})}
	labels := pprof.Labels("leaklint.test", "42", "leaklint.origin", "/tmp/dir with \"quotes\"/x.go:7", "odd", "tab\there ünï")
	pprof.Do(context.Background(), labels, func(context.Context) {
		//leaklint:ignore lostsend the fixture needs a goroutine blocked in a channel send
		go fixtureChanSend(make(chan int))
	})
	go fixtureChanRecv(block)
	go fixtureSelect(block, block)
	go fixtureMutex(&mu)
	go fixtureGeneric(make(chan string))
	go srv.serve()
	go fixtureDeep(150, block)
	return func() { close(block); mu.Unlock(); close(srv.stop) }
}

func TestFixtures(t *testing.T) {
	if *update {
		writeFixtures(t)
	}
	paths, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil || len(paths) == 0 {
		t.Fatalf("no fixtures in testdata (%v); regenerate them with -update", err)
	}
	// Both header formats must stay covered whichever Go runs the tests.
	for _, format := range []string{"go1.26-", "go1.27-"} {
		found := false
		for _, p := range paths {
			found = found || strings.HasPrefix(filepath.Base(p), format)
		}
		if !found {
			t.Errorf("no %s*.txt fixture in testdata", format)
		}
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			dump, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			checkFixture(t, dump, strings.Contains(filepath.Base(path), "leaked"))
		})
	}
}

// fixtureRelease is "go1.27" for go1.27.3: the part of the version that
// decides the header format.
func fixtureRelease() string {
	v := runtime.Version()
	if i := strings.IndexByte(v, '.'); i >= 0 {
		if j := strings.IndexAny(v[i+1:], ".-+ "); j >= 0 {
			return v[:i+1+j]
		}
	}
	return v
}

func writeFixtures(t *testing.T) {
	t.Setenv("GODEBUG", "tracebacklabels=1")
	release := startFixtureGoroutines()
	defer release()
	prefix := filepath.Join("testdata", fixtureRelease()+"-")
	writeFixture(t, prefix+"dump.txt")
	if p := pprof.Lookup("goroutineleak"); p != nil {
		// Makes the GC mark the fixture goroutines that nothing can wake.
		if err := p.WriteTo(new(strings.Builder), 0); err != nil {
			t.Fatal(err)
		}
		writeFixture(t, prefix+"leaked.txt")
	}
}

func writeFixture(t *testing.T, path string) {
	// Wait (bounded) until every fixture goroutine has parked.
	deadline := time.Now().Add(5 * time.Second)
	for {
		buf := make([]byte, 1<<20)
		buf = buf[:runtime.Stack(buf, true)]
		if strings.Count(string(buf), "stack.fixture") >= 7 && !strings.Contains(string(buf), "[runnable") || time.Now().After(deadline) {
			if err := os.WriteFile(path, buf, 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		runtime.Gosched()
	}
}

// checkFixture asserts what is known about the fixture goroutines.
func checkFixture(t *testing.T, dump []byte, wantLeaked bool) {
	headers := strings.Count("\n"+string(dump), "\ngoroutine ")
	byTop := map[string]Goroutine{}
	n := 0
	for d := NewDump(dump); ; {
		var g Goroutine
		if !d.Next(&g) {
			break
		}
		n++
		if g.ID == 0 || len(g.State) == 0 {
			t.Errorf("goroutine without ID or state:\n%s", g.Text)
		}
		var f Frame
		frames := NewFrames(&g)
		if frames.Next(&f) {
			byTop[string(f.Func)] = g
		}
	}
	if n != headers {
		t.Errorf("parsed %d goroutines, the dump has %d headers", n, headers)
	}

	want := map[string]string{
		"github.com/leaklint/leaklint/runtime/internal/stack.fixtureChanSend":        "chan send",
		"github.com/leaklint/leaklint/runtime/internal/stack.fixtureChanRecv":        "chan receive",
		"github.com/leaklint/leaklint/runtime/internal/stack.fixtureSelect":          "select",
		"github.com/leaklint/leaklint/runtime/internal/stack.fixtureGeneric[...]":    "chan receive",
		"github.com/leaklint/leaklint/runtime/internal/stack.(*fixtureServer).serve": "chan receive",
		"internal/sync.runtime_SemacquireMutex":                                      "sync.Mutex.Lock",
	}
	for fn, state := range want {
		g, ok := byTop[fn]
		if !ok {
			t.Errorf("no goroutine blocked in %s", fn)
			continue
		}
		if string(g.State) != state {
			t.Errorf("%s: state %q, want %q", fn, g.State, state)
		}
		if !strings.HasSuffix(string(g.CreatedBy.File), "fixture_test.go") || g.CreatedBy.Line == 0 || g.CreatorID == 0 {
			t.Errorf("%s: created by %s at %s:%d in goroutine %d, want a line of fixture_test.go", fn, g.CreatedBy.Func, g.CreatedBy.File, g.CreatedBy.Line, g.CreatorID)
		}
		// Only the goroutines blocked on channels nobody else holds are
		// provably stuck; release() still reaches the others.
		unreachable := strings.HasSuffix(fn, "fixtureChanSend") || strings.HasSuffix(fn, "fixtureGeneric[...]")
		if g.Leaked != (wantLeaked && unreachable) {
			t.Errorf("%s: leaked = %v in %s dump", fn, g.Leaked, map[bool]string{true: "a goroutineleak", false: "a plain"}[wantLeaked])
		}
	}

	labelled := byTop["github.com/leaklint/leaklint/runtime/internal/stack.fixtureChanSend"]
	for key, want := range map[string]string{
		"leaklint.test":   "42",
		"leaklint.origin": "/tmp/dir with \"quotes\"/x.go:7",
		"odd":             "tab\there ünï",
	} {
		raw, ok := Label(labelled.Labels, key)
		if got := Unquote(raw); !ok || got != want {
			t.Errorf("label %q = %q (found %v), want %q; labels: %s", key, got, ok, want, labelled.Labels)
		}
	}

	// fixtureDeep recurses past the runtime's 100-frame limit, so the
	// elided-frames line must be skipped and created by still found.
	deep := byTop["github.com/leaklint/leaklint/runtime/internal/stack.fixtureDeep"]
	if !strings.Contains(string(deep.Text), "frames elided") || deep.CreatedBy.Line == 0 {
		t.Errorf("deep stack: elided frames or created by not handled:\n%s", deep.Text)
	}
}
