package analysisutil

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/analysis"
)

// Generated returns a test of whether a position lies in a generated file
// of the package, one whose header says "// Code generated ... DO NOT
// EDIT." (ast.IsGenerated). Findings there are the generator's to fix,
// not the user's; golangci-lint drops them by default.
func Generated(pass *analysis.Pass) func(token.Pos) bool {
	gen := map[*token.File]bool{}
	for _, f := range pass.Files {
		if tf := pass.Fset.File(f.Pos()); tf != nil {
			gen[tf] = ast.IsGenerated(f)
		}
	}
	return func(pos token.Pos) bool {
		if !pos.IsValid() {
			return false
		}
		return gen[pass.Fset.File(pos)]
	}
}
