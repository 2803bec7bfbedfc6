// Package sites says where goroutines come from: it reads a goroutine
// profile and groups its goroutines by the function their go statement
// started and the line of it they stand at, largest group first.
//
// A goroutine profile stops the world only briefly at its start and end,
// however many goroutines there are, unlike a full runtime.Stack dump.
package sites

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
)

// Site is a group of goroutines that run the same function and stand at
// the same line of it: the fields of the public MonitorSite, in the same
// order, so that one converts to the other.
type Site struct {
	Function string // entry function ("pkg.Serve.func1" for a closure)
	Location string // file:line inside Function
	Count    int
}

// Profile takes one goroutine profile and returns its top largest sites,
// leaving out the goroutines that run the function named skip (the
// caller's own).
func Profile(top int, skip string) ([]Site, error) {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil, fmt.Errorf("leak: goroutine profile: %w", err)
	}
	sites, err := Parse(&buf, top+1)
	if err != nil {
		return nil, err
	}
	sites = slices.DeleteFunc(sites, func(s Site) bool { return s.Function == skip })
	if len(sites) > top {
		sites = sites[:top]
	}
	return sites, nil
}

// Parse reads a goroutine profile written with debug=1: records of
// "<count> @ <pcs>" followed by "#\t<pc>\t<func>+<off>\t<file>:<line>"
// frames, innermost first, separated by blank lines. It merges records that
// differ only in labels or in frames below the entry function and returns
// the top sites by count.
func Parse(r io.Reader, top int) ([]Site, error) {
	type key struct{ function, location string }
	counts := make(map[key]int)
	var (
		count   int
		entry   key // outermost frame outside package runtime seen so far
		outmost key // outermost frame of any package
		inRec   bool
	)
	flush := func() {
		if inRec {
			k := entry
			if k.function == "" {
				k = outmost
			}
			if k.function != "" { // a goroutine that has not started has no frames
				counts[k] += count
			}
		}
		inRec, entry, outmost = false, key{}, key{}
	}

	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), 1024*1024)
	lineNo := 0
	for sc.Scan() {
		lineNo++
		line := sc.Text()
		switch {
		case lineNo == 1:
			if !strings.HasPrefix(line, "goroutine profile:") {
				return nil, fmt.Errorf("leak: not a goroutine profile with debug=1: first line is %q", line)
			}
		case line == "":
			flush()
		case strings.HasPrefix(line, "# labels:"):
		case strings.HasPrefix(line, "#\t"):
			fields := strings.FieldsFunc(line[2:], func(r rune) bool { return r == '\t' })
			if !inRec || len(fields) != 3 {
				return nil, fmt.Errorf("leak: goroutine profile line %d: malformed frame %q", lineNo, line)
			}
			fn := fields[1]
			if i := strings.LastIndex(fn, "+0x"); i > 0 {
				fn = fn[:i]
			}
			k := key{fn, fields[2]}
			outmost = k
			if !strings.HasPrefix(fn, "runtime.") {
				entry = k
			}
		default:
			head, _, ok := strings.Cut(line, " @ ")
			n, err := strconv.Atoi(head)
			if !ok || err != nil || n < 0 {
				return nil, fmt.Errorf("leak: goroutine profile line %d: want \"<count> @ <pcs>\", got %q", lineNo, line)
			}
			flush()
			inRec, count = true, n
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("leak: reading goroutine profile: %w", err)
	}
	if lineNo == 0 {
		return nil, fmt.Errorf("leak: empty goroutine profile")
	}
	flush()

	sites := make([]Site, 0, len(counts))
	for k, n := range counts {
		sites = append(sites, Site{Function: k.function, Location: k.location, Count: n})
	}
	slices.SortFunc(sites, func(a, b Site) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Function, b.Function), cmp.Compare(a.Location, b.Location))
	})
	if len(sites) > top {
		sites = sites[:top]
	}
	return sites, nil
}

// Strings renders sites one a line, for logs and the report.
func Strings(sites []Site) []string {
	out := make([]string, len(sites))
	for i, s := range sites {
		out[i] = fmt.Sprintf("%d %s at %s", s.Count, s.Function, s.Location)
	}
	return out
}
