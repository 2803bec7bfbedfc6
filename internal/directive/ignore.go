package directive

import (
	"go/ast"
	"go/token"
)

// Ignores answers whether a finding of a pass at a position is silenced by
// a //leaklint:ignore directive. A directive silences its own line and the
// line after it (so it can stand above the statement it excuses); in the
// doc comment of a function it silences the whole function.
//
// Directives without a reason silence nothing: Malformed reports them.
type Ignores struct {
	fset  *token.FileSet
	lines map[lineKey][]string // pass names per file line
	funcs []funcIgnore
}

type lineKey struct {
	file *token.File
	line int
}

type funcIgnore struct {
	pos, end token.Pos
	pass     string
}

// CollectIgnores indexes the ignore directives of files.
func CollectIgnores(fset *token.FileSet, files []*ast.File) *Ignores {
	ig := &Ignores{fset: fset, lines: make(map[lineKey][]string)}
	for _, f := range files {
		for _, g := range f.Comments {
			for _, c := range g.List {
				d, ok, err := Parse(c)
				if !ok || err != nil || d.Kind != Ignore || len(d.Args) < 2 {
					continue
				}
				tf := fset.File(c.Pos())
				if tf == nil {
					continue
				}
				line := tf.Line(c.Pos())
				for _, l := range []int{line, line + 1} {
					k := lineKey{tf, l}
					ig.lines[k] = append(ig.lines[k], d.Args[0])
				}
			}
		}
		for _, decl := range f.Decls {
			fd, ok := decl.(*ast.FuncDecl)
			if !ok || fd.Doc == nil {
				continue
			}
			for _, c := range fd.Doc.List {
				if d, ok, err := Parse(c); ok && err == nil && d.Kind == Ignore && len(d.Args) >= 2 {
					ig.funcs = append(ig.funcs, funcIgnore{fd.Pos(), fd.End(), d.Args[0]})
				}
			}
		}
	}
	return ig
}

// Ignored reports whether a finding of pass at pos is silenced.
func (ig *Ignores) Ignored(pass string, pos token.Pos) bool {
	if ig == nil || !pos.IsValid() {
		return false
	}
	for _, fi := range ig.funcs {
		if fi.pass == pass && fi.pos <= pos && pos < fi.end {
			return true
		}
	}
	tf := ig.fset.File(pos)
	if tf == nil {
		return false
	}
	for _, p := range ig.lines[lineKey{tf, tf.Line(pos)}] {
		if p == pass {
			return true
		}
	}
	return false
}
