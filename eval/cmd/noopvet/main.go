// Command noopvet is a go vet tool that analyzes nothing. The benchmark
// generator runs it once to fill a build cache with everything go vet needs
// (export data of every package and test variant), so that the timed runs
// of go vet, leaklint and staticcheck measure analysis, not compilation.
package main

import (
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/unitchecker"
)

var noop = &analysis.Analyzer{
	Name: "noop",
	Doc:  "noop reports nothing; it exists to warm the build cache",
	Run:  func(*analysis.Pass) (any, error) { return nil, nil },
}

func main() { unitchecker.Main(noop) }
