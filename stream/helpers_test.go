package stream

import (
	"bufio"
	"bytes"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"
)

// here returns the caller's "file:line", the form in which origins are
// recorded.
func here() string {
	_, file, line, _ := runtime.Caller(1)
	return file + ":" + strconv.Itoa(line)
}

// goroutineLabels returns, for every live goroutine that carries key=value
// among its pprof labels, that goroutine's full label set.
func goroutineLabels(t *testing.T, key, value string) []map[string]string {
	t.Helper()
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		t.Fatalf("goroutine profile: %v", err)
	}
	// debug=1 groups goroutines by stack: "<count> @ <pcs>" then, for
	// labelled ones, "# labels: {"k":"v", ...}".
	var sets []map[string]string
	count := 0
	sc := bufio.NewScanner(&buf)
	sc.Buffer(make([]byte, 0, 1<<20), 1<<24)
	for sc.Scan() {
		line := sc.Text()
		if n, _, ok := strings.Cut(line, " @ "); ok {
			count, _ = strconv.Atoi(n)
			continue
		}
		rest, ok := strings.CutPrefix(line, "# labels: ")
		if !ok {
			continue
		}
		labels := parseLabels(t, rest)
		if labels[key] == value {
			for range count {
				sets = append(sets, labels)
			}
		}
	}
	return sets
}

func parseLabels(t *testing.T, s string) map[string]string {
	t.Helper()
	labels := map[string]string{}
	s = strings.TrimSuffix(strings.TrimPrefix(s, "{"), "}")
	next := func() string {
		q, err := strconv.QuotedPrefix(s)
		if err != nil {
			t.Fatalf("cannot parse label set near %q: %v", s, err)
		}
		s = s[len(q):]
		u, _ := strconv.Unquote(q)
		return u
	}
	for s != "" {
		k := next()
		s = strings.TrimPrefix(s, ":")
		labels[k] = next()
		s = strings.TrimPrefix(s, ", ")
	}
	return labels
}

// waitNoLabelled waits, boundedly, until no goroutine carries key=value. It
// is called after the goroutine has signalled its end (Done, a closed
// channel), so only the last instructions of its exit remain.
func waitNoLabelled(t *testing.T, key, value string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for len(goroutineLabels(t, key, value)) > 0 {
		if time.Now().After(deadline) {
			t.Fatalf("goroutine labelled %s=%s still running 10s after it signalled its end", key, value)
		}
		runtime.Gosched()
	}
}
