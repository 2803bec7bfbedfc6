package precision

import (
	"os"
	"strings"
	"testing"

	"github.com/leaklint/leaklint/eval/static"
)

func TestReadVerdictsRejectsMalformedLines(t *testing.T) {
	for name, body := range map[string]string{
		"no header":       "grpc\tv1\tlostsend\ta.go:1:2\treal\twhy\n",
		"five columns":    Header + "\ngrpc\tv1\tlostsend\ta.go:1:2\treal\n",
		"unknown verdict": Header + "\ngrpc\tv1\tlostsend\ta.go:1:2\tmaybe\twhy\n",
		"empty why":       Header + "\ngrpc\tv1\tlostsend\ta.go:1:2\treal\t \n",
		"no column":       Header + "\ngrpc\tv1\tlostsend\ta.go:1\treal\twhy\n",
	} {
		if _, err := ReadVerdicts(strings.NewReader(body), name); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestCountAndCompare(t *testing.T) {
	body := Header + "\n" +
		"grpc\tv1\tlostsend\ta.go:1:2\treal\tsend never received on the error path\n" +
		"grpc\tv1\tlostsend\ta.go:3:2\tfalse\tjoined by wg.Wait\n" +
		"grpc\tv1\tmissingcancel\tb.go:3:2\tintended\tcancel discarded\n" +
		"grpc\tv1\tmissingcancel\tb.go:9:2\tharmless\tdefer in a short loop\n"
	vs, err := ReadVerdicts(strings.NewReader(body), "x.tsv")
	if err != nil {
		t.Fatal(err)
	}
	tallies := Count(vs)
	all := tallies[len(tallies)-1]
	if all.Total() != 4 || all.FalseShare() != 0.5 {
		t.Errorf("all: %+v, false share %v; want 4 findings, 0.5", all, all.FalseShare())
	}
	// The finding at a.go:1:2 is gone: a real leak lost. b.go:3:2 is found
	// twice (package and test variant) and counted once; c.go is new.
	mod := "/root/go/pkg/mod/google.golang.org/grpc@v1.85.0/"
	fs := Dedup("grpc", []static.Finding{
		{Analyzer: "missingcancel", File: mod + "b.go", Line: 3, Col: 2},
		{Analyzer: "missingcancel", File: mod + "b.go", Line: 3, Col: 2},
		{Analyzer: "lostsend", File: mod + "c.go", Line: 5, Col: 1},
	})
	if len(fs) != 2 {
		t.Fatalf("Dedup kept %d findings, want 2: %+v", len(fs), fs)
	}
	unreviewed, lost, gone := Compare(fs, vs, map[string]bool{"grpc": true})
	if len(unreviewed) != 1 || unreviewed[0].Position != "c.go:5:1" {
		t.Errorf("unreviewed = %+v, want c.go:5:1", unreviewed)
	}
	if len(lost) != 1 || lost[0].Position != "a.go:1:2" {
		t.Errorf("lost = %+v, want a.go:1:2", lost)
	}
	if cur := Current(fs, vs); len(cur) != 1 || cur[0].Position != "b.go:3:2" {
		t.Errorf("Current = %+v, want the verdict of b.go:3:2 alone", cur)
	}
	if len(gone) != 2 {
		t.Errorf("gone = %+v, want a.go:3:2 and b.go:9:2", gone)
	}
}

func TestRelative(t *testing.T) {
	for in, want := range map[string]string{
		"/root/go/pkg/mod/k8s.io/client-go@v0.37.2/tools/portforward/portforward.go":               "tools/portforward/portforward.go",
		"/root/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.27.3.linux-amd64/src/net/http/server.go": "net/http/server.go",
	} {
		if got := Relative(in); got != want {
			t.Errorf("Relative(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestVerdictFiles checks the committed verdicts parse and give each position
// one verdict.
func TestVerdictFiles(t *testing.T) {
	if _, err := os.Stat("verdicts"); err != nil {
		t.Skip("no verdicts directory")
	}
	if _, err := LoadDir("verdicts"); err != nil {
		t.Fatal(err)
	}
}
