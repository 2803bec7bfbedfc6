// Package owner hands out the label values that tie goroutines to a
// check, remembers which test each value belongs to, and names the test
// that started a goroutine: by the value its check's label carries, else
// by the test function whose go statement created it. A VerifyTestMain
// report uses it to name the test behind each leak instead of TestMain.
package owner

import (
	"bytes"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Registry is the process's label values and their tests. The zero
// Registry is ready; it is safe for concurrent use.
type Registry struct {
	next  atomic.Uint64
	names sync.Map // label value -> test name; one short entry per named check
}

// Lookup returns the test the label value belongs to, "" when unnamed.
func (r *Registry) Lookup(value string) string {
	if name, ok := r.names.Load(value); ok {
		return name.(string)
	}
	return ""
}

// TestFunc returns the test function fn is or was written in ("TestX"
// for "example.com/pkg.TestX.func2.1", a closure of TestX), or "" when
// fn's outermost function is not a test function.
func TestFunc(fn []byte) string {
	name := fn[bytes.LastIndexByte(fn, '/')+1:]
	_, name, _ = bytes.Cut(name, []byte("."))
	name, _, _ = bytes.Cut(name, []byte("."))
	if IsTestFunc(string(name)) {
		return string(name)
	}
	return ""
}

// New returns a label value no other check of r has.
func (r *Registry) New() string { return strconv.FormatUint(r.next.Add(1), 10) }

// Name records that the label value belongs to test.
func (r *Registry) Name(value, test string) {
	if value != "" && test != "" {
		r.names.Store(value, test)
	}
}

// Test names the test that started g: the test whose check gave it the
// value of the label key, else the test function that created it, else
// the test function a function literal in its stack was written in (a
// closure of TestA handed to a helper's go statement); "" when none
// tells.
func (r *Registry) Test(g *stack.Goroutine, key string) string {
	if v, ok := stack.Label(g.Labels, key); ok {
		if name, ok := r.names.Load(stack.Unquote(v)); ok {
			return name.(string)
		}
	}
	if name := TestFunc(g.CreatedBy.Func); name != "" {
		return name
	}
	var f stack.Frame
	for it := stack.NewFrames(g); it.Next(&f); {
		if name := TestFunc(f.Func); name != "" {
			return name
		}
	}
	return ""
}

// IsTestFunc reports whether name is a test function's (TestXxx, where
// Xxx does not start with a lower-case letter).
func IsTestFunc(name string) bool {
	rest, ok := strings.CutPrefix(name, "Test")
	return ok && (rest == "" || rest[0] < 'a' || rest[0] > 'z')
}
