package golangci_test

import (
	"strings"
	"testing"
)

// TestLockPassSettings: missingunlock and missingdone are exposed with
// their one setting, enabled; any other key is an error, and either can be
// disabled alone.
func TestLockPassSettings(t *testing.T) {
	for _, pass := range []string{"missingunlock", "missingdone"} {
		as, err := build(t, map[string]any{pass: map[string]any{"enabled": true}})
		if err != nil {
			t.Fatalf("%s enabled: %v", pass, err)
		}
		if !strings.Contains(","+names(as)+",", ","+pass+",") {
			t.Errorf("%s enabled: analyzers %s", pass, names(as))
		}
		as, err = build(t, map[string]any{pass: map[string]any{"enabled": false}})
		if err != nil {
			t.Fatalf("%s disabled: %v", pass, err)
		}
		if strings.Contains(","+names(as)+",", ","+pass+",") || len(as) != 5 {
			t.Errorf("%s disabled: analyzers %s", pass, names(as))
		}
		if _, err := build(t, map[string]any{pass: map[string]any{"depth": 2}}); err == nil || !strings.Contains(err.Error(), `unknown field "depth"`) {
			t.Errorf("%s with an unknown option: error %v", pass, err)
		}
	}
}

// TestMissingCancelFuncWithoutPackage: an entry that names no package
// could never match a function, so it fails like the other passes'
// malformed entries do.
func TestMissingCancelFuncWithoutPackage(t *testing.T) {
	_, err := build(t, map[string]any{"missingcancel": map[string]any{"funcs": []any{"example.com/pool.WithLease", "WithLease"}}})
	if err == nil || !strings.Contains(err.Error(), `missingcancel.funcs[1]`) || !strings.Contains(err.Error(), `"WithLease"`) {
		t.Errorf("error %v, want one naming missingcancel.funcs[1] and \"WithLease\"", err)
	}
}
