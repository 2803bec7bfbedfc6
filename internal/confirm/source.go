package confirm

import (
	"go/ast"
	"go/parser"
	"go/token"
)

// lineRange is an inclusive range of lines in one file.
type lineRange struct {
	File        string
	First, Last int
}

func (r lineRange) contains(p Position) bool {
	return p.IsValid() && sameFile(r.File, p.File) && r.First <= p.Line && p.Line <= r.Last
}

// sources parses the files that findings point into, once each, to find
// the statement and the function around a position.
type sources struct {
	fset  *token.FileSet
	files map[string]*ast.File // nil when the file cannot be read or parsed
}

func newSources() *sources {
	return &sources{fset: token.NewFileSet(), files: map[string]*ast.File{}}
}

func (s *sources) file(name string) *ast.File {
	f, ok := s.files[name]
	if !ok {
		// A missing or broken file is not an error: the join falls back to
		// what the JSON says, as documented.
		f, _ = parser.ParseFile(s.fset, name, nil, parser.SkipObjectResolution)
		s.files[name] = f
	}
	return f
}

// pos converts p to a token.Pos in f, or NoPos if it is out of range.
func (s *sources) pos(f *ast.File, p Position) token.Pos {
	tf := s.fset.File(f.Pos())
	if tf == nil || p.Line < 1 || p.Line > tf.LineCount() {
		return token.NoPos
	}
	pos := tf.LineStart(p.Line)
	if p.Column > 1 {
		pos += token.Pos(p.Column - 1)
	}
	if int(pos-token.Pos(tf.Base())) > tf.Size() {
		return token.NoPos
	}
	return pos
}

func (s *sources) lines(file string, n ast.Node) lineRange {
	return lineRange{File: file, First: s.fset.Position(n.Pos()).Line, Last: s.fset.Position(n.End()).Line}
}

// statement returns the lines of the innermost simple statement containing
// p, or ok=false when the source is not available or p is in none.
func (s *sources) statement(p Position) (lineRange, bool) {
	return s.innermost(p, isSimpleStmt)
}

func isSimpleStmt(n ast.Node) bool {
	switch n.(type) {
	case *ast.AssignStmt, *ast.ExprStmt, *ast.GoStmt, *ast.DeferStmt, *ast.SendStmt,
		*ast.ReturnStmt, *ast.DeclStmt, *ast.IncDecStmt, *ast.BranchStmt:
		return true
	}
	return false
}

// function returns the lines of the innermost function (declaration or
// literal) containing p.
func (s *sources) function(p Position) (lineRange, bool) {
	return s.innermost(p, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncDecl, *ast.FuncLit:
			return true
		}
		return false
	})
}

// innermost returns the lines of the innermost node containing p for which
// match holds; descending on past a match keeps the most precise one.
func (s *sources) innermost(p Position, match func(ast.Node) bool) (lineRange, bool) {
	f := s.file(p.File)
	if f == nil {
		return lineRange{}, false
	}
	pos := s.pos(f, p)
	if !pos.IsValid() {
		return lineRange{}, false
	}
	var found ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil || pos < n.Pos() || pos >= n.End() {
			return false
		}
		if match(n) {
			found = n
		}
		return true
	})
	if found == nil {
		return lineRange{}, false
	}
	return s.lines(p.File, found), true
}
