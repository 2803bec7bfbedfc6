package confirm

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
)

// Position is a place in a source file. Column is 0 when unknown.
type Position struct {
	File   string `json:"file"`
	Line   int    `json:"line"`
	Column int    `json:"column,omitempty"`
}

func (p Position) String() string {
	if p.Column > 0 {
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
	}
	return fmt.Sprintf("%s:%d", p.File, p.Line)
}

// IsValid reports whether p names a file and a line.
func (p Position) IsValid() bool { return p.File != "" && p.Line > 0 }

// parsePosn parses go/analysis's "file:line:col" (or "file:line"). It
// splits from the right, so that a file name with colons survives.
func parsePosn(s string) (Position, error) {
	rest, last, ok := cutLast(s)
	n, err := strconv.Atoi(last)
	if !ok || err != nil || n < 1 {
		return Position{}, fmt.Errorf("position %q is not file:line[:column]", s)
	}
	file, mid, ok := cutLast(rest)
	if m, err := strconv.Atoi(mid); ok && err == nil {
		if m < 1 || file == "" {
			return Position{}, fmt.Errorf("position %q is not file:line[:column]", s)
		}
		return Position{File: file, Line: m, Column: n}, nil
	}
	if rest == "" {
		return Position{}, fmt.Errorf("position %q is not file:line[:column]", s)
	}
	return Position{File: rest, Line: n}, nil
}

func cutLast(s string) (before, after string, ok bool) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+1:], true
}

// sameFile applies the file rule of the package documentation.
func sameFile(a, b string) bool {
	if a == "" || b == "" {
		return false
	}
	a, b = filepath.ToSlash(filepath.Clean(a)), filepath.ToSlash(filepath.Clean(b))
	if a == b {
		return true
	}
	if isAbs(a) && isAbs(b) {
		return false
	}
	// -trimpath: "example.com/svc/handler.go" against
	// "/src/svc/handler.go". Both must end in the same directory and file.
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	common := 0
	for common < len(as) && common < len(bs) && as[len(as)-1-common] == bs[len(bs)-1-common] {
		common++
	}
	return common >= 2
}

// isAbs accepts both Unix and Windows absolute paths, whatever the host:
// reports may come from another machine.
func isAbs(p string) bool {
	return strings.HasPrefix(p, "/") || (len(p) > 2 && p[1] == ':' && p[2] == '/')
}
