package lostsend_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/leaklint/leaklint/passes/lostsend"
)

func TestHidden(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lostsend.Analyzer, "lostsendhidden")
}

// TestLifecycle checks methods that start a goroutine only another method
// releases, across packages through the fact.
func TestLifecycle(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendlifecycleprod", "lostsendlifecycle")
}

// TestRobust runs the pass over shapes that once could crash or loop:
// recursion, goto loops, generics, builtins in go statements.
func TestRobust(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendrobust")
}

// TestHelpers follows sends into helpers of another package through the
// sends fact.
func TestHelpers(t *testing.T) {
	analysistest.RunWithSuggestedFixes(t, testdata(t), lostsend.Analyzer, "lostsendhelpersprod", "lostsendhelpers")
}

// TestFields checks channels kept in struct fields against every use the
// package makes of them.
func TestFields(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendfields")
}

// TestContextLifecycle checks goroutines waiting on a context whose cancel
// a value keeps in a field, across packages through the fact.
func TestContextLifecycle(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendctxprod", "lostsendctx")
}

// TestConsumers checks producers handed to a consumer that may return
// before draining, across packages through the fact.
func TestConsumers(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendconsumeprod", "lostsendconsume")
}

// TestSession checks a constructor's context lifecycle across packages
// through the fact, from a package that has nothing else to tell.
func TestSession(t *testing.T) {
	analysistest.Run(t, testdata(t), lostsend.Analyzer, "lostsendsessionprod", "lostsendsession")
}
