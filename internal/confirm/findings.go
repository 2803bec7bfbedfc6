package confirm

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
)

// Finding is one diagnostic of `leaklint -json`.
type Finding struct {
	Package  string     `json:"package"`
	Analyzer string     `json:"analyzer"`
	Posn     Position   `json:"posn"`
	End      Position   `json:"end,omitzero"`
	Message  string     `json:"message"`
	Related  []Position `json:"related,omitempty"`
}

// AnalysisError is an analyzer that failed on a package instead of
// reporting diagnostics: its findings are missing from the join.
type AnalysisError struct {
	Package, Analyzer, Err string
}

// jsonDiagnostic is the go/analysis JSON form of a diagnostic.
type jsonDiagnostic struct {
	Posn    string `json:"posn"`
	End     string `json:"end"`
	Message string `json:"message"`
	Related []struct {
		Posn    string `json:"posn"`
		Message string `json:"message"`
	} `json:"related"`
}

// ReadFindings parses the output of `leaklint -json`: one JSON tree
// {"package": {"analyzer": [diagnostics] | {"error": "..."}}}, or several
// concatenated (go vet prints one per package). A diagnostic reported for a
// package and its test variant is kept once.
func ReadFindings(r io.Reader) ([]Finding, []AnalysisError, error) {
	dec := json.NewDecoder(r)
	var findings []Finding
	var failures []AnalysisError
	seen := map[string]bool{}
	for tree := 1; ; tree++ {
		var t map[string]json.RawMessage
		err := dec.Decode(&t)
		if err == io.EOF {
			if tree == 1 {
				return nil, nil, errors.New("no JSON found; expected the output of `leaklint -json ./...`")
			}
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("not the output of `leaklint -json` (JSON tree %d, near byte %d): %w", tree, dec.InputOffset(), err)
		}
		if _, ok := t["version"]; ok {
			return nil, nil, errors.New("this is a runtime leak report, not static findings; pass it after the flags and give -static the output of `leaklint -json ./...`")
		}
		for pkg, rawPkg := range t {
			var analyzers map[string]json.RawMessage
			if err := json.Unmarshal(rawPkg, &analyzers); err != nil {
				return nil, nil, fmt.Errorf("package %s: want {\"analyzer\": [diagnostics]}: %w", pkg, err)
			}
			for analyzer, raw := range analyzers {
				raw = bytes.TrimSpace(raw)
				if len(raw) > 0 && raw[0] == '{' {
					var e struct {
						Error string `json:"error"`
					}
					if err := json.Unmarshal(raw, &e); err != nil || e.Error == "" {
						return nil, nil, fmt.Errorf("package %s, analyzer %s: want a list of diagnostics or {\"error\": ...}, got %.60s", pkg, analyzer, raw)
					}
					failures = append(failures, AnalysisError{Package: pkg, Analyzer: analyzer, Err: e.Error})
					continue
				}
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, nil, fmt.Errorf("package %s, analyzer %s: diagnostics: %w", pkg, analyzer, err)
				}
				for _, d := range diags {
					f, err := newFinding(pkg, analyzer, d)
					if err != nil {
						return nil, nil, fmt.Errorf("package %s, analyzer %s: %w", pkg, analyzer, err)
					}
					key := f.Analyzer + "\x00" + f.Posn.String() + "\x00" + f.Message
					if !seen[key] {
						seen[key] = true
						findings = append(findings, f)
					}
				}
			}
		}
	}
	slices.SortFunc(findings, func(a, b Finding) int {
		return cmp.Or(
			cmp.Compare(a.Posn.File, b.Posn.File),
			cmp.Compare(a.Posn.Line, b.Posn.Line),
			cmp.Compare(a.Posn.Column, b.Posn.Column),
			cmp.Compare(a.Analyzer, b.Analyzer),
			cmp.Compare(a.Message, b.Message))
	})
	sort.Slice(failures, func(i, j int) bool {
		return failures[i].Package+failures[i].Analyzer < failures[j].Package+failures[j].Analyzer
	})
	return findings, failures, nil
}

func newFinding(pkg, analyzer string, d jsonDiagnostic) (Finding, error) {
	posn, err := parsePosn(d.Posn)
	if err != nil {
		return Finding{}, err
	}
	f := Finding{Package: pkg, Analyzer: analyzer, Posn: posn, Message: d.Message}
	if d.End != "" {
		// An end that does not parse only loses precision; the start is
		// what matters.
		if end, err := parsePosn(d.End); err == nil && sameFile(end.File, posn.File) && end.Line >= posn.Line {
			f.End = end
		}
	}
	for _, rel := range d.Related {
		p, err := parsePosn(rel.Posn)
		if err != nil {
			return Finding{}, fmt.Errorf("related position: %w", err)
		}
		f.Related = append(f.Related, p)
	}
	return f, nil
}
