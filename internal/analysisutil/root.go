package analysisutil

import "golang.org/x/tools/go/analysis"

// RootFunc reports whether a pass's package is one the driver checks (a
// root: its diagnostics are wanted) rather than a dependency that the
// driver analyses only for the facts its importers need. The passes that
// export facts run on every dependency, and a pass told that its package is
// a dependency skips the work that can only produce diagnostics.
//
// A nil RootFunc treats every package as a root: slower, never wrong.
type RootFunc func(*analysis.Pass) bool

// Root reports whether pass's package is a root under f.
func (f RootFunc) Root(pass *analysis.Pass) bool { return f == nil || f(pass) }
