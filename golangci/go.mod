module github.com/leaklint/leaklint/golangci

go 1.26.0

require (
	github.com/golangci/plugin-module-register v0.1.2
	github.com/leaklint/leaklint v0.0.0-00010101000000-000000000000
	golang.org/x/tools v0.52.0
)

// The plugin is built from the same checkout as the passes it wraps. A
// golangci-lint build that imports this module needs the same replace in
// its own go.mod (replace directives of dependencies are ignored).
replace github.com/leaklint/leaklint => ../
