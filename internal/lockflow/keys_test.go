package lockflow

import "testing"

func TestRootAndSubst(t *testing.T) {
	for _, c := range []struct{ path, root, rest string }{
		{"p0.mu", "p0", ".mu"},
		{"f1*.conn*.mu", "f1", "*.conn*.mu"},
		{"g:example.com/x.state.mu", "g:example.com/x.state", ".mu"},
		{"g:example.com/x.lock", "g:example.com/x.lock", ""},
		{"p2", "p2", ""},
	} {
		if root, rest := Root(c.path); root != c.root || rest != c.rest {
			t.Errorf("Root(%q) = %q, %q; want %q, %q", c.path, root, rest, c.root, c.rest)
		}
	}
	roots := map[string]Key{"p0": {Path: "vt3"}, "f0*": {Path: "p1"}}
	for _, c := range []struct {
		path, want string
		ok         bool
	}{
		{"p0.mu", "vt3.mu", true},
		{"f0*.mu", "p1.mu", true},
		{"p1.mu", "", false},
		{"g:example.com/x.lock", "g:example.com/x.lock", true},
	} {
		k, ok := Subst(c.path, roots)
		if ok != c.ok || k.Path != c.want {
			t.Errorf("Subst(%q) = %q, %v; want %q, %v", c.path, k.Path, ok, c.want, c.ok)
		}
	}
}
