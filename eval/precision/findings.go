package precision

import (
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/leaklint/leaklint/eval/static"
)

// Finding is one leaklint finding position on a corpus, counted once even
// when the driver reports it for both a package and its test variant.
type Finding struct {
	Key
	Message string
}

// Relative turns an absolute file name from the driver's JSON into the
// module-relative form verdicts use: the part after "<module>@<version>/" in
// the module cache, or after GOROOT's "src/" for the standard library. It
// returns the name unchanged when it recognises neither.
func Relative(file string) string {
	if i := strings.Index(file, "/pkg/mod/"); i >= 0 {
		rest := file[i+len("/pkg/mod/"):]
		if at := strings.Index(rest, "@"); at >= 0 {
			if slash := strings.Index(rest[at:], "/"); slash >= 0 {
				rel := rest[at+slash+1:]
				// A toolchain from the module proxy is a GOROOT.
				if strings.HasPrefix(rest, "golang.org/toolchain@") {
					rel = strings.TrimPrefix(rel, "src/")
				}
				return rel
			}
		}
		return rest
	}
	if goroot := runtime.GOROOT(); goroot != "" && strings.HasPrefix(file, goroot+"/src/") {
		return strings.TrimPrefix(file, goroot+"/src/")
	}
	return file
}

// Dedup maps driver findings of one corpus to positions, once each.
func Dedup(corpus string, fs []static.Finding) []Finding {
	seen := map[Key]bool{}
	var out []Finding
	for _, f := range fs {
		k := Key{corpus, f.Analyzer, Relative(f.File) + ":" + strconv.Itoa(f.Line) + ":" + strconv.Itoa(f.Col)}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Finding{k, f.Message})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i].Key, out[j].Key
		if a.Pass != b.Pass {
			return a.Pass < b.Pass
		}
		return a.Position < b.Position
	})
	return out
}

// Compare matches current findings against verdicts. Unreviewed are findings
// with no verdict; Lost are positions judged real that are no longer reported
// (in the corpora that were run); Gone are other reviewed positions no
// longer reported, which is how a fixed false finding shows.
func Compare(fs []Finding, vs []Verdict, corpora map[string]bool) (unreviewed []Finding, lost, gone []Verdict) {
	have := map[Key]bool{}
	for _, f := range fs {
		have[f.Key] = true
	}
	judged := map[Key]bool{}
	for _, v := range vs {
		judged[v.Key()] = true
		if !corpora[v.Corpus] || have[v.Key()] {
			continue
		}
		if v.Verdict == "real" {
			lost = append(lost, v)
		} else {
			gone = append(gone, v)
		}
	}
	for _, f := range fs {
		if !judged[f.Key] {
			unreviewed = append(unreviewed, f)
		}
	}
	return unreviewed, lost, gone
}

// Current returns the verdicts of the positions reported in fs: the
// verdicts that describe what leaklint reports now.
func Current(fs []Finding, vs []Verdict) []Verdict {
	have := map[Key]bool{}
	for _, f := range fs {
		have[f.Key] = true
	}
	var out []Verdict
	for _, v := range vs {
		if have[v.Key()] {
			out = append(out, v)
		}
	}
	return out
}
