package leak

import (
	"strings"

	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/lifetime"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorLifetimes caches, per go statement, whether it runs once per
// process (see package lifetime).
var detectorLifetimes lifetime.Sites

// detectorProcessLifetime reports whether g was started by a go statement
// that runs once for the life of the process: a library's lazy singleton,
// started by whichever check first used the library (package lifetime).
// The runtime's own creators are not asked about.
func detectorProcessLifetime(g *stack.Goroutine) bool {
	creator := string(g.CreatedBy.Func)
	if creator == "" || blame.Std(g.CreatedBy.File) && strings.HasPrefix(creator, "runtime.") {
		return false
	}
	return detectorLifetimes.Once(creator, string(g.CreatedBy.File), g.CreatedBy.Line)
}
