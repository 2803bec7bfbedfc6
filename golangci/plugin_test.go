package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/golangci"
)

// build goes through the registry, as golangci-lint does, with settings
// shaped as golangci-lint hands them over (decoded YAML: maps and slices
// of any).
func build(t *testing.T, settings any) ([]*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatalf("plugin not registered: %v", err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
	return p.BuildAnalyzers()
}

func names(as []*analysis.Analyzer) string {
	var s []string
	for _, a := range as {
		s = append(s, a.Name)
	}
	return strings.Join(s, ",")
}

func flagValue(t *testing.T, as []*analysis.Analyzer, analyzer, flag string) string {
	t.Helper()
	for _, a := range as {
		if a.Name == analyzer {
			f := a.Flags.Lookup(flag)
			if f == nil {
				t.Fatalf("%s has no flag %q", analyzer, flag)
			}
			return f.Value.String()
		}
	}
	t.Fatalf("no analyzer %s among %s", analyzer, names(as))
	return ""
}

func TestDefaultsRunEveryPass(t *testing.T) {
	for _, settings := range []any{nil, map[string]any{}} {
		as, err := build(t, settings)
		if err != nil {
			t.Fatalf("settings %#v: %v", settings, err)
		}
		if got, want := names(as), "missingcancel,unclosedstream,undrainedchan,lostsend,missingunlock,missingdone"; got != want {
			t.Errorf("settings %#v: analyzers %s, want %s", settings, got, want)
		}
		// golangci-lint refuses to run a set that fails Validate (a fact
		// type registered by two analyzers, for one).
		if err := analysis.Validate(as); err != nil {
			t.Errorf("settings %#v: golangci-lint would reject the analyzers: %v", settings, err)
		}
	}
}

func TestEnabledFalseDropsPass(t *testing.T) {
	as, err := build(t, map[string]any{
		"lostsend":      map[string]any{"enabled": false},
		"missingcancel": map[string]any{"enabled": true},
		"undrainedchan": map[string]any{"enabled": false},
		"missingunlock": map[string]any{"enabled": false},
		"missingdone":   map[string]any{"enabled": false},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := names(as), "missingcancel,unclosedstream"; got != want {
		t.Errorf("analyzers %s, want %s", got, want)
	}
}

func TestOptionsReachTheAnalyzers(t *testing.T) {
	as, err := build(t, map[string]any{
		"missingcancel":  map[string]any{"funcs": []any{"example.com/pool.WithLease"}},
		"unclosedstream": map[string]any{"types": []any{"example.com/pool.Conn", "example.com/q.Lease:Return"}},
		"undrainedchan":  map[string]any{"producers": []any{"example.com/feed.Watch"}},
		"lostsend":       map[string]any{"depth": 0},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ analyzer, flag, want string }{
		{"missingcancel", "funcs", "example.com/pool.WithLease"},
		{"unclosedstream", "types", "example.com/pool.Conn,example.com/q.Lease:Return"},
		{"undrainedchan", "producers", "example.com/feed.Watch"},
		{"lostsend", "depth", "0"},
	} {
		if got := flagValue(t, as, c.analyzer, c.flag); got != c.want {
			t.Errorf("%s -%s = %q, want %q", c.analyzer, c.flag, got, c.want)
		}
	}
}

func TestInstancesAreIndependent(t *testing.T) {
	configured, err := build(t, map[string]any{
		"unclosedstream": map[string]any{"types": []any{"example.com/pool.Conn"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	plain, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := flagValue(t, plain, "unclosedstream", "types"); got != "" {
		t.Errorf("a plugin built without types sees types %q from another", got)
	}
	if got := flagValue(t, configured, "unclosedstream", "types"); got != "example.com/pool.Conn" {
		t.Errorf("types = %q after building another plugin, want example.com/pool.Conn", got)
	}
}

func TestBadSettingsAreErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		settings any
		want     string
	}{
		{"unknown pass", map[string]any{"lostcancel": map[string]any{}}, `unknown field "lostcancel"`},
		{"unknown option", map[string]any{"lostsend": map[string]any{"size": 3}}, `unknown field "size"`},
		{"list given as string", map[string]any{"unclosedstream": map[string]any{"types": "example.com/pool.Conn"}}, "cannot unmarshal string"},
		{"settings not a map", []any{"lostsend"}, "cannot unmarshal array"},
		{"negative depth", map[string]any{"lostsend": map[string]any{"depth": -1}}, "lostsend.depth is -1"},
		{"empty entry", map[string]any{"missingcancel": map[string]any{"funcs": []any{" "}}}, "missingcancel.funcs[0] is empty"},
		{"comma in entry", map[string]any{"undrainedchan": map[string]any{"producers": []any{"a.F,b.G"}}}, "holds a comma"},
		{"malformed type", map[string]any{"unclosedstream": map[string]any{"types": []any{"example.com/pool.Conn", "Conn"}}}, "unclosedstream.types[1]"},
		{"problems reported together", map[string]any{
			"unclosedstream": map[string]any{"types": []any{"Conn"}},
			"lostsend":       map[string]any{"depth": -2},
		}, "; lostsend.depth is -2"}, // after the types error, on one line
		{"every pass disabled", map[string]any{
			"missingcancel":  map[string]any{"enabled": false},
			"unclosedstream": map[string]any{"enabled": false},
			"undrainedchan":  map[string]any{"enabled": false},
			"lostsend":       map[string]any{"enabled": false},
			"missingunlock":  map[string]any{"enabled": false},
			"missingdone":    map[string]any{"enabled": false},
		}, "every pass is disabled"},
	} {
		t.Run(c.name, func(t *testing.T) {
			as, err := build(t, c.settings)
			if err == nil {
				t.Fatalf("no error; analyzers %s", names(as))
			}
			if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "leaklint settings: ") {
				t.Errorf("error %q, want it to start with %q and contain %q", err, "leaklint settings: ", c.want)
			}
		})
	}
}
