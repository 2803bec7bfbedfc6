package confirm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestExamplesServiceJoin joins real output: `leaklint -json
// ./examples/...` and the reports its tests write, captured into
// testdata/examples with the repository root replaced by ${ROOT}. Against
// the real examples/service source, every finding must be confirmed and
// every leak explained.
//
// Regenerate after editing examples/service:
//
//	leaklint -json ./examples/... > findings.json
//	LEAKLINT_REPORT_DIR=dir go test ./examples/...
//
// then replace the repository root with ${ROOT} in both.
func TestExamplesServiceJoin(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	expand := func(src, dst string) {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, []byte(strings.ReplaceAll(string(data), "${ROOT}", filepath.ToSlash(root))), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	expand(filepath.Join("testdata", "examples", "findings.json"), filepath.Join(dir, "findings.json"))
	reports := filepath.Join(dir, "reports")
	os.Mkdir(reports, 0o755)
	files, _ := filepath.Glob(filepath.Join("testdata", "examples", "reports", "*.json"))
	if len(files) != 4 {
		t.Fatalf("%d captured reports, want one per leaking test (4)", len(files))
	}
	for _, f := range files {
		expand(f, filepath.Join(reports, filepath.Base(f)))
	}
	out, stderr, code := run(t, "-static", filepath.Join(dir, "findings.json"), reports)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s\noutput:\n%s", code, stderr, out)
	}
	for _, want := range []string{
		"explained by lostsend at ",
		"explained by missingcancel at ",
		"explained by unclosedstream at ",
		"explained by undrainedchan at ",
		"4 of 4 findings confirmed; 5 of 5 leaks explained, 0 unexplained",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
