package lifetime

import (
	"path/filepath"
	"testing"

	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

func TestOnce(t *testing.T) {
	file, err := filepath.Abs("testdata/src/lib.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		creator string
		line    int
		want    bool
	}{
		{"example.com/lib.doClosure.func1", 9, true},
		{"example.com/lib.named", 13, true},
		{"example.com/lib.plain", 17, false},
		{"example.com/lib.init.func1", 22, true},
		{"example.com/lib.init.func2", 26, false},
		{"example.com/lib.init.0", 30, true},
		{"example.com/lib.immediately.func1", 35, false},
		{"example.com/lib.(*client).run.func1", 48, false},
		{"example.com/lib.newClient.func1", 55, false},
		{"example.com/lib.localOnce.func1", 63, false},
	} {
		var s Sites
		if got := s.Once(c.creator, file, c.line); got != c.want {
			t.Errorf("line %d (%s): Once = %v, want %v", c.line, c.creator, got, c.want)
		}
	}
}

func TestOnceWithoutSource(t *testing.T) {
	var s Sites
	if !s.Once("example.com/p.init", "/nonexistent/p.go", 3) {
		t.Error("a creator named init runs once")
	}
	if !s.Once("example.com/p.init.0", "/nonexistent/p.go", 3) {
		t.Error("a creator named init.0 runs once")
	}
	if s.Once("example.com/p.init.func1", "/nonexistent/p.go", 4) {
		t.Error("a package-level function literal runs as often as it is called")
	}
	if s.Once("example.com/p.initialise", "/nonexistent/p.go", 5) {
		t.Error("initialise is not init")
	}
	if s.Once("example.com/p.f", "/nonexistent/p.go", 6) {
		t.Error("without source, only init names count")
	}
}

func TestStarted(t *testing.T) {
	root := blame.StdRoot()
	if root == "" {
		t.Skip("no GOROOT in this binary's file names")
	}
	goroutine := func(creator, file string) *stack.Goroutine {
		g := &stack.Goroutine{}
		g.CreatedBy.Func, g.CreatedBy.File, g.CreatedBy.Line = []byte(creator), []byte(file), 3
		return g
	}
	var s Sites
	if !s.Started(goroutine("example.com/p.init", "/nonexistent/p.go")) {
		t.Error("a goroutine an init started is process-lifetime")
	}
	if s.Started(goroutine("runtime.init.6", root+"runtime/proc.go")) {
		t.Error("the runtime's own creators are not asked about")
	}
	if s.Started(goroutine("", "")) {
		t.Error("a goroutine without a creator is not process-lifetime")
	}
}
