// Command nilnessfloor is the speed floor of issue 12: a multichecker that
// runs only x/tools' nilness, built against the x/tools version leaklint
// uses. It loads packages and builds their SSA form as leaklint's passes
// need them, and nothing else, so leaklint's time and peak memory are
// measured as ratios to it (BENCHMARKS.md, "Static passes: cost against the
// nilness floor").
package main

import (
	"golang.org/x/tools/go/analysis/multichecker"
	"golang.org/x/tools/go/analysis/passes/nilness"
)

func main() { multichecker.Main(nilness.Analyzer) }
