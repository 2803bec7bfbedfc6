package main_test

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

// TestBadFlagValuesNameThemselves gives every flag leaklint lists a value
// it must reject, and requires the error to name both the flag and the
// value: a typo in a configuration must fail the run, and say where.
func TestBadFlagValuesNameThemselves(t *testing.T) {
	bin := buildLeaklint(t)
	out, err := exec.Command(bin, "-flags").Output()
	if err != nil {
		t.Fatalf("leaklint -flags: %v", err)
	}
	var flags []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal(out, &flags); err != nil {
		t.Fatalf("leaklint -flags output: %v\n%s", err, out)
	}

	// Bad values of the flags that take one. Every pass flag must have
	// an entry, so a new one comes with its validation.
	bad := map[string][]string{
		"lostsend.depth":          {"abc", "1.5", "99999999999999999999", "-1"},
		"undrainedchan.producers": {"bad", "example.com/feed.", "example.com/feed:Watch"},
		"missingcancel.funcs":     {"notaname", "example.com/db.Open,Open"},
		"unclosedstream.types":    {"bad", "example.com/db.Rows:", "example.com/db.Rows:1x"},
		"c":                       {"x"},
	}
	// unvalidated lists the pass flags that accept any value today: the
	// pass reads an entry that matches nothing as nothing to check. Each
	// is a gap to close, not a rule.
	unvalidated := map[string]bool{}

	seen := map[string]bool{}
	for _, f := range flags {
		seen[f.Name] = true
		values := bad[f.Name]
		if f.Bool {
			values = []string{"maybe"}
		} else if values == nil {
			if strings.Contains(f.Name, ".") && !unvalidated[f.Name] {
				t.Errorf("flag -%s takes a value but has no bad value in this table", f.Name)
			}
			continue
		}
		for _, v := range values {
			arg := "-" + f.Name + "=" + v
			msg, err := exec.Command(bin, arg).CombinedOutput()
			if err == nil {
				t.Errorf("leaklint %s succeeded:\n%s", arg, msg)
				continue
			}
			first, _, _ := strings.Cut(string(msg), "\n")
			if !strings.Contains(first, "-"+f.Name) || !strings.Contains(first, v) {
				t.Errorf("leaklint %s: the error does not name the flag and the value:\n%s", arg, first)
			}
		}
	}
	for name := range bad {
		if !seen[name] {
			t.Errorf("flag -%s of the table is not listed by leaklint -flags", name)
		}
	}
}
