package analysisutil

import (
	"strings"
	"testing"
)

const sample = `// Package p does things.
//
// # Analyzer first
//
// first: reports the first thing
//
// Longer text about the first analyzer.
//
// # Analyzer second
//
// second: reports the second thing
package p
`

func TestExtractDoc(t *testing.T) {
	got, err := ExtractDoc(sample, "first")
	if err != nil {
		t.Fatal(err)
	}
	want := "reports the first thing\n\nLonger text about the first analyzer."
	if got != want {
		t.Errorf("ExtractDoc(first) = %q, want %q", got, want)
	}
	got, err = ExtractDoc(sample, "second")
	if err != nil || got != "reports the second thing" {
		t.Errorf("ExtractDoc(second) = %q, %v", got, err)
	}
}

func TestExtractDocErrors(t *testing.T) {
	for _, tc := range []struct{ content, name, wantErr string }{
		{"", "x", "empty"},
		{"package p", "x", "no package doc"},
		{"not go", "x", "expected 'package'"},
		{sample, "third", `no "# Analyzer third" heading`},
		{sample, "firs", `no "# Analyzer firs" heading`},
		{"// P.\n//\n// # Analyzer x\n//\n// no summary\npackage p\n", "x", `"x: summary"`},
	} {
		_, err := ExtractDoc(tc.content, tc.name)
		if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
			t.Errorf("ExtractDoc(%q, %q) error = %v, want one containing %q", tc.content, tc.name, err, tc.wantErr)
		}
	}
}
