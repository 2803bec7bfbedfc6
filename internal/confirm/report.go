package confirm

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// reportVersion is the version of the runtime report schema this package
// reads.
const reportVersion = 1

// Report is one runtime report file: the leaks of one failing check.
type Report struct {
	File     string     `json:"-"`
	Version  int        `json:"version"`
	Test     string     `json:"test"`
	Leaks    []Leak     `json:"leaks"`
	Unclosed []Unclosed `json:"unclosed"`
}

// Leak is a group of leaked goroutines that block at the same place.
type Leak struct {
	Count      int       `json:"count"`
	State      string    `json:"state"`
	BlockedFor string    `json:"blocked_for,omitempty"`
	Definite   bool      `json:"definite"`
	Function   string    `json:"function"`
	Position   Position  `json:"position"`
	CreatedBy  CreatedBy `json:"created_by"`
	Origin     *Position `json:"origin,omitempty"`
	Stack      string    `json:"stack,omitempty"`
}

// CreatedBy is the `created by` line of a goroutine's stack.
type CreatedBy struct {
	Function string `json:"function"`
	File     string `json:"file"`
	Line     int    `json:"line"`
}

// Unclosed is a must-close value that was never closed.
type Unclosed struct {
	Kind   string   `json:"kind"`
	Origin Position `json:"origin"`
}

// ReadReports reads every named report file, and every *.json file directly
// inside every named directory, in name order.
func ReadReports(paths []string) ([]Report, error) {
	var files []string
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("runtime report: %w", err)
		}
		if !info.IsDir() {
			files = append(files, p)
			continue
		}
		matches, err := filepath.Glob(filepath.Join(p, "*.json"))
		if err != nil {
			return nil, fmt.Errorf("runtime reports in %s: %w", p, err)
		}
		slices.Sort(matches)
		files = append(files, matches...)
	}
	reports := make([]Report, 0, len(files))
	for _, file := range files {
		r, err := readReport(file)
		if err != nil {
			return nil, err
		}
		reports = append(reports, r)
	}
	return reports, nil
}

func readReport(file string) (Report, error) {
	f, err := os.Open(file)
	if err != nil {
		return Report{}, fmt.Errorf("runtime report: %w", err)
	}
	defer f.Close()
	r, err := decodeReport(f)
	if err != nil {
		return Report{}, fmt.Errorf("runtime report %s: %w", file, err)
	}
	r.File = file
	return r, nil
}

func decodeReport(rd io.Reader) (Report, error) {
	var r Report
	dec := json.NewDecoder(rd)
	if err := dec.Decode(&r); err != nil {
		if errors.Is(err, io.EOF) {
			return r, errors.New("empty file; expected a runtime leak report written under LEAKLINT_REPORT_DIR")
		}
		return r, fmt.Errorf("not a runtime leak report (near byte %d): %w", dec.InputOffset(), err)
	}
	switch {
	case r.Version == 0:
		return r, errors.New(`no "version": not a runtime leak report (is it the output of leaklint -json? pass that with -static)`)
	case r.Version != reportVersion:
		return r, fmt.Errorf("report version %d; this leaklint reads version %d", r.Version, reportVersion)
	}
	for i, l := range r.Leaks {
		if !l.Position.IsValid() && l.CreatedBy.Line == 0 && (l.Origin == nil || !l.Origin.IsValid()) {
			return r, fmt.Errorf("leak %d has no position, created_by or origin", i+1)
		}
	}
	for i, u := range r.Unclosed {
		if strings.TrimSpace(u.Kind) == "" {
			return r, fmt.Errorf("unclosed value %d has no kind", i+1)
		}
	}
	return r, nil
}
