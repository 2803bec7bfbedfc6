package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestAdaptDropsUnusedImport(t *testing.T) {
	src := "package main\n\nimport (\n\t\"os\"\n\t\"runtime/pprof\"\n)\n\nfunc F() {\n\tprof := pprof.Lookup(\"goroutineleak\")\n\tprof.WriteTo(os.Stdout, 2)\n}\n"
	out, err := Adapt([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(out), "pprof") || !strings.Contains(string(out), "prof := lookupProfile()") {
		t.Errorf("adapted:\n%s", out)
	}
	keep := strings.Replace(src, "prof.WriteTo(os.Stdout, 2)", "prof.WriteTo(os.Stdout, 2)\n\tpprof.Lookup(\"heap\")", 1)
	out, err = Adapt([]byte(keep))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), `"runtime/pprof"`) {
		t.Errorf("import removed although still used:\n%s", out)
	}
}

// The committed corpus must be exactly what gokersync makes from the running
// toolchain; otherwise the expectations read from GOROOT may not fit it.
func TestCorpusInSyncWithToolchain(t *testing.T) {
	src := filepath.Join(runtime.GOROOT(), "src", "runtime", "testdata", "testgoroutineleakprofile")
	pairs := map[string]string{}
	m, _ := filepath.Glob(filepath.Join(src, "goker", "*.go"))
	for _, f := range m {
		if filepath.Base(f) != "main.go" {
			pairs[f] = filepath.Join("..", "..", "goker", "testdata", "goker", filepath.Base(f))
		}
	}
	for _, f := range []string{"commonpatterns.go", "simple.go", "stresstests.go"} {
		pairs[filepath.Join(src, f)] = filepath.Join("..", "..", "goker", "testdata", "patterns", f)
	}
	if len(pairs) < 60 {
		t.Fatalf("found only %d corpus files under %s", len(pairs), src)
	}
	for from, to := range pairs {
		orig, err := os.ReadFile(from)
		if err != nil {
			t.Fatal(err)
		}
		want, err := Adapt(orig)
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(to)
		if err != nil {
			t.Errorf("%s: %v (run go run ./cmd/gokersync)", to, err)
			continue
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the adapted %s (run go run ./cmd/gokersync)", to, from)
		}
	}
}
