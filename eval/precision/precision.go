// Package precision scores leaklint's findings on real code against verdicts
// reviewed by hand.
//
// A verdict file (verdicts/<pass>.tsv) holds one line per reviewed finding
// position, tab separated, after a header line:
//
//	corpus	version	pass	position	verdict	why
//
// position is module-relative (server.go:123:4; for the standard library,
// GOROOT/src-relative: net/http/transport.go:10:2). verdict is one of real,
// harmless, false or intended (accurate, and a rule of the precision issue
// says to report it, such as a discarded cancel). The method is
// shared/PRECISION.md's: harmless counts as false unless a rule says to report
// it, which is what intended records.
package precision

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Verdict is one reviewed finding position.
type Verdict struct {
	Corpus, Version, Pass, Position, Verdict, Why string
	// Source is the file and line the verdict was read from, for errors.
	Source string
}

// Key identifies a finding position: the corpus, the pass and the position.
func (v Verdict) Key() Key { return Key{v.Corpus, v.Pass, v.Position} }

// Key identifies a finding position independently of its verdict.
type Key struct{ Corpus, Pass, Position string }

// Verdicts are the values the verdict column may take.
var Verdicts = []string{"real", "harmless", "false", "intended"}

// Header is the first line of every verdict file.
const Header = "corpus\tversion\tpass\tposition\tverdict\twhy"

// ReadVerdicts parses one verdict file. It rejects a missing header, a line
// without six columns, an unknown verdict, an empty why and a position
// without line and column.
func ReadVerdicts(r io.Reader, name string) ([]Verdict, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	var vs []Verdict
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if line == 1 {
			if text != Header {
				return nil, fmt.Errorf("%s:1: header is %q, want %q", name, text, Header)
			}
			continue
		}
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		cols := strings.Split(text, "\t")
		if len(cols) != 6 {
			return nil, fmt.Errorf("%s:%d: %d tab-separated columns, want 6 (%s)", name, line, len(cols), Header)
		}
		v := Verdict{cols[0], cols[1], cols[2], cols[3], cols[4], cols[5], fmt.Sprintf("%s:%d", name, line)}
		if !isVerdict(v.Verdict) {
			return nil, fmt.Errorf("%s:%d: verdict %q is not one of %s", name, line, v.Verdict, strings.Join(Verdicts, ", "))
		}
		if strings.TrimSpace(v.Why) == "" {
			return nil, fmt.Errorf("%s:%d: the why column is empty: say in one line why the verdict holds", name, line)
		}
		if _, l, c := splitPosition(v.Position); l == 0 || c == 0 {
			return nil, fmt.Errorf("%s:%d: position %q lacks :line:col", name, line, v.Position)
		}
		if v.Corpus == "" || v.Pass == "" {
			return nil, fmt.Errorf("%s:%d: corpus and pass must be set", name, line)
		}
		vs = append(vs, v)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	if line == 0 {
		return nil, fmt.Errorf("%s: empty file, want the header %q", name, Header)
	}
	return vs, nil
}

// LoadDir reads every *.tsv file of dir. A position given two verdicts, in
// one file or two, is an error: a finding has one verdict.
func LoadDir(dir string) ([]Verdict, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.tsv"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var all []Verdict
	seen := map[Key]string{}
	for _, n := range names {
		f, err := os.Open(n)
		if err != nil {
			return nil, err
		}
		vs, err := ReadVerdicts(f, n)
		f.Close()
		if err != nil {
			return nil, err
		}
		for _, v := range vs {
			if prev, ok := seen[v.Key()]; ok {
				return nil, fmt.Errorf("%s: %s %s %s already has a verdict at %s", v.Source, v.Corpus, v.Pass, v.Position, prev)
			}
			seen[v.Key()] = v.Source
		}
		all = append(all, vs...)
	}
	return all, nil
}

func isVerdict(s string) bool {
	for _, v := range Verdicts {
		if s == v {
			return true
		}
	}
	return false
}

// Tally counts the verdicts of one pass (or of all, with Pass "all").
type Tally struct {
	Pass                            string
	Real, Harmless, False, Intended int
}

// Total is the number of findings counted.
func (t Tally) Total() int { return t.Real + t.Harmless + t.False + t.Intended }

// FalseShare is the measure: false and harmless findings over all
// findings (intended ones are accurate and asked for). It is 0 for no
// findings.
func (t Tally) FalseShare() float64 {
	if t.Total() == 0 {
		return 0
	}
	return float64(t.False+t.Harmless) / float64(t.Total())
}

// Count tallies vs per pass, sorted by pass, followed by the total.
func Count(vs []Verdict) []Tally {
	by := map[string]*Tally{}
	all := &Tally{Pass: "all"}
	for _, v := range vs {
		t := by[v.Pass]
		if t == nil {
			t = &Tally{Pass: v.Pass}
			by[v.Pass] = t
		}
		for _, x := range []*Tally{t, all} {
			switch v.Verdict {
			case "real":
				x.Real++
			case "harmless":
				x.Harmless++
			case "false":
				x.False++
			case "intended":
				x.Intended++
			}
		}
	}
	var out []Tally
	for _, t := range by {
		out = append(out, *t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pass < out[j].Pass })
	return append(out, *all)
}

func splitPosition(p string) (file string, line, col int) {
	i := strings.LastIndex(p, ":")
	if i < 0 {
		return p, 0, 0
	}
	j := strings.LastIndex(p[:i], ":")
	if j < 0 {
		return p, 0, 0
	}
	if _, err := fmt.Sscanf(p[j+1:i], "%d", &line); err != nil {
		return p, 0, 0
	}
	if _, err := fmt.Sscanf(p[i+1:], "%d", &col); err != nil {
		return p, 0, 0
	}
	return p[:j], line, col
}
