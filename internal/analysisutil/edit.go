package analysisutil

import (
	"go/token"
	"strings"
)

// LineEnd returns the position of the end of pos's line, after any
// trailing comment, where a fix can insert a new statement without
// moving that comment.
func LineEnd(fset *token.FileSet, pos token.Pos) token.Pos {
	tf := fset.File(pos)
	if tf == nil {
		return pos
	}
	line := tf.Line(pos)
	if line < tf.LineCount() {
		return tf.LineStart(line+1) - 1
	}
	return token.Pos(tf.Base() + tf.Size())
}

// Indent returns the tab indentation of a gofmt-formatted statement that
// starts at pos.
func Indent(fset *token.FileSet, pos token.Pos) string {
	return strings.Repeat("\t", max(0, fset.Position(pos).Column-1))
}
