// Package static counts what static analyzers report on a leak corpus and
// maps each finding to the corpus program, and the function, it lands in.
package static

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Finding is one diagnostic of one analyzer.
type Finding struct {
	Pkg, Analyzer string
	File          string
	Line, Col     int
	Message       string
}

// AnalyzerError is an analyzer that failed on a package.
type AnalyzerError struct{ Pkg, Analyzer, Err string }

// ParseCheckerJSON reads the -json output of an analysis driver: one JSON
// tree (multichecker, singlechecker) or a tree per package interleaved with
// "# package" lines (go vet -json). Each tree maps package to analyzer to
// either a list of diagnostics or {"error": ...}.
func ParseCheckerJSON(r io.Reader) ([]Finding, []AnalyzerError, error) {
	var clean bytes.Buffer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		clean.Write(sc.Bytes())
		clean.WriteByte('\n')
	}
	if err := sc.Err(); err != nil {
		return nil, nil, err
	}
	var fs []Finding
	var errs []AnalyzerError
	dec := json.NewDecoder(&clean)
	for {
		var tree map[string]map[string]json.RawMessage
		if err := dec.Decode(&tree); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, fmt.Errorf("decoding analyzer JSON: %v", err)
		}
		for pkg, byAnalyzer := range tree {
			for an, raw := range byAnalyzer {
				var e struct{ Error string }
				if json.Unmarshal(raw, &e) == nil && e.Error != "" {
					errs = append(errs, AnalyzerError{pkg, an, e.Error})
					continue
				}
				var diags []struct {
					Posn    string `json:"posn"`
					Message string `json:"message"`
				}
				if err := json.Unmarshal(raw, &diags); err != nil {
					return nil, nil, fmt.Errorf("%s %s: %v", pkg, an, err)
				}
				for _, d := range diags {
					f := Finding{Pkg: pkg, Analyzer: an, Message: d.Message}
					f.File, f.Line, f.Col = SplitPosn(d.Posn)
					fs = append(fs, f)
				}
			}
		}
	}
	sortFindings(fs)
	return fs, errs, nil
}

// ParseStaticcheckJSON reads staticcheck -f json: one object per line.
func ParseStaticcheckJSON(r io.Reader) ([]Finding, error) {
	var fs []Finding
	dec := json.NewDecoder(r)
	for {
		var p struct {
			Code     string `json:"code"`
			Severity string `json:"severity"`
			Location struct {
				File   string `json:"file"`
				Line   int    `json:"line"`
				Column int    `json:"column"`
			} `json:"location"`
			Message string `json:"message"`
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, fmt.Errorf("decoding staticcheck JSON: %v", err)
		}
		fs = append(fs, Finding{Analyzer: p.Code, File: p.Location.File, Line: p.Location.Line, Col: p.Location.Column, Message: p.Message})
	}
	sortFindings(fs)
	return fs, nil
}

func sortFindings(fs []Finding) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Analyzer < b.Analyzer
	})
}

// SplitPosn splits "file.go:12:5" (the file may contain colons).
func SplitPosn(p string) (file string, line, col int) {
	parts := strings.Split(p, ":")
	if len(parts) >= 3 {
		l, err1 := strconv.Atoi(parts[len(parts)-2])
		c, err2 := strconv.Atoi(parts[len(parts)-1])
		if err1 == nil && err2 == nil {
			return strings.Join(parts[:len(parts)-2], ":"), l, c
		}
	}
	if len(parts) >= 2 {
		if l, err := strconv.Atoi(parts[len(parts)-1]); err == nil {
			return strings.Join(parts[:len(parts)-1], ":"), l, 0
		}
	}
	return p, 0, 0
}

// Func is a top-level function or method of a corpus file, with its lines.
type Func struct {
	// Name is "f" for functions and "T.m" for methods (pointer or not).
	Name       string
	Start, End int
}

// Funcs lists the top-level declarations of a Go source file.
func Funcs(filename string, src []byte) ([]Func, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, filename, src, 0)
	if err != nil {
		return nil, err
	}
	var out []Func
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		name := fd.Name.Name
		if fd.Recv != nil && len(fd.Recv.List) == 1 {
			t := fd.Recv.List[0].Type
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
			}
			if id, ok := t.(*ast.Ident); ok {
				name = id.Name + "." + name
			}
		}
		out = append(out, Func{name, fset.Position(fd.Pos()).Line, fset.Position(fd.End()).Line})
	}
	return out, nil
}

// Enclosing names the top-level function holding line, or "".
func Enclosing(funcs []Func, line int) string {
	for _, f := range funcs {
		if f.Start <= line && line <= f.End {
			return f.Name
		}
	}
	return ""
}

var registerCall = regexp.MustCompile(`register\("([A-Za-z0-9_]+)"`)

// Registered lists the scenario names a corpus file registers.
func Registered(src []byte) []string {
	var out []string
	for _, m := range registerCall.FindAllSubmatch(src, -1) {
		out = append(out, string(m[1]))
	}
	return out
}

// LeakFunc names the top-level function that holds the code of the
// goroutine an expectation describes: `\(\*Tx_c\)\.awaitDone\(.* \[chan
// receive\]` gives "Tx_c.awaitDone", `Cockroach1055\.func2\.1\(` gives
// "Cockroach1055" (closures live inside their top-level function).
func LeakFunc(expectation string) string {
	s := strings.ReplaceAll(expectation, `\`, "")
	if strings.HasPrefix(s, "(") {
		end := strings.Index(s, ")")
		if end < 0 {
			return ""
		}
		recv := strings.TrimLeft(s[1:end], "*")
		rest := strings.TrimPrefix(s[end+1:], ".")
		return recv + "." + ident(rest)
	}
	return ident(s)
}

func ident(s string) string {
	for i, r := range s {
		if !(r == '_' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return s[:i]
		}
	}
	return s
}
