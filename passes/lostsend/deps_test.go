package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

// TestDependencyFacts checks each cross-package case with the package that
// provides the facts analysed as a dependency (not a root), as the driver
// does when only its importer is checked: the pass exports there only what
// importers read, and skips packages that can export none of it, and every
// finding that stands on those facts remains.
func TestDependencyFacts(t *testing.T) {
	for _, user := range []string{"lostsendlifecycle", "lostsendhelpers", "lostsendctx", "lostsendconsume", "lostsendsession"} {
		t.Run(user, func(t *testing.T) {
			a := lostsend.New(lostsend.Config{
				Depth: lostsend.DefaultDepth,
				Root:  func(pass *analysis.Pass) bool { return pass.Pkg.Path() == user },
			})
			analysistest.Run(t, testdata(t), a, user)
		})
	}
}
