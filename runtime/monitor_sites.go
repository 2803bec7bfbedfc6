package leak

import (
	"bufio"
	"bytes"
	"cmp"
	"fmt"
	"io"
	"reflect"
	goruntime "runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
)

// MonitorSite is a group of goroutines that run the same function and stand
// at the same line of it.
//
// Function is the goroutine's entry function, the one its go statement
// started (a closure is named after the function that wrote it, as in
// "pkg.Serve.func1"), so it points at the code that creates the goroutines.
// Location is the file:line inside Function where they currently are.
type MonitorSite struct {
	Function string `json:"function"`
	Location string `json:"location"`
	Count    int    `json:"count"`
}

// monitorTopSites is how many sites an alert and the report carry.
const monitorTopSites = 10

// monitorProfileSites takes one goroutine profile and returns its largest
// sites. The profile stops the world only briefly at its start and end,
// however many goroutines there are, which is why the monitor takes it at
// alert time only.
func monitorProfileSites() ([]MonitorSite, error) {
	var buf bytes.Buffer
	if err := pprof.Lookup("goroutine").WriteTo(&buf, 1); err != nil {
		return nil, fmt.Errorf("leak: goroutine profile: %w", err)
	}
	sites, err := monitorParseProfile(&buf, monitorTopSites+1)
	if err != nil {
		return nil, err
	}
	// The monitors' own goroutines are no lead to a leak.
	sites = slices.DeleteFunc(sites, func(s MonitorSite) bool { return s.Function == monitorLoopFunction })
	if len(sites) > monitorTopSites {
		sites = sites[:monitorTopSites]
	}
	return sites, nil
}

// monitorLoopFunction is the name the profile gives a monitor's goroutine.
var monitorLoopFunction = goruntime.FuncForPC(reflect.ValueOf((*GoroutineMonitor).loop).Pointer()).Name()

// monitorParseProfile reads a goroutine profile written with debug=1: records
// of "<count> @ <pcs>" followed by "#\t<pc>\t<func>+<off>\t<file>:<line>"
// frames, innermost first, separated by blank lines. It merges records that
// differ only in labels or in frames below the entry function and returns
// the top sites by count.
func monitorParseProfile(r io.Reader, top int) ([]MonitorSite, error) {
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

	sites := make([]MonitorSite, 0, len(counts))
	for k, n := range counts {
		sites = append(sites, MonitorSite{Function: k.function, Location: k.location, Count: n})
	}
	slices.SortFunc(sites, func(a, b MonitorSite) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Function, b.Function), cmp.Compare(a.Location, b.Location))
	})
	if len(sites) > top {
		sites = sites[:top]
	}
	return sites, nil
}
