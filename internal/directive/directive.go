// Package directive parses the //leaklint: comments that every leaklint
// pass understands, in one place so that their syntax and their error
// messages are the same everywhere:
//
//	//leaklint:ignore <pass> <reason>   silence <pass> on this line, the next
//	                                    one, or (in a func doc) the function
//	//leaklint:mustclose [Method]       on a type: values must be released by
//	                                    Method (default Close)
//	//leaklint:producer                 on a func: its channel results must be
//	                                    drained
//
// Like //go: directives, they have no space after the slashes; unlike
// //nolint they work under go vet, because each pass reads them itself.
package directive

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// Prefix starts every leaklint directive.
const Prefix = "//leaklint:"

// Kind names a directive.
type Kind string

// The directives leaklint understands.
const (
	Ignore    Kind = "ignore"
	MustClose Kind = "mustclose"
	Producer  Kind = "producer"
)

// DefaultReleaseMethod is the method //leaklint:mustclose implies when it
// names none.
const DefaultReleaseMethod = "Close"

// Directive is one parsed //leaklint: comment.
type Directive struct {
	Kind Kind
	Args []string // the words after the kind
	Pos  token.Pos
	End  token.Pos
}

// Parse parses c. It returns ok=false for comments that are not leaklint
// directives, and an error for a leaklint directive that is malformed, so
// that a typo is reported rather than silently ignored.
func Parse(c *ast.Comment) (d Directive, ok bool, err error) {
	rest, found := strings.CutPrefix(c.Text, Prefix)
	if !found {
		return Directive{}, false, nil
	}
	// Like a //go:build line, a directive may be followed by a comment.
	rest, _, _ = strings.Cut(rest, "//")
	words := strings.Fields(rest)
	if len(words) == 0 {
		return Directive{}, true, fmt.Errorf("empty leaklint directive: write //leaklint:ignore, //leaklint:mustclose or //leaklint:producer")
	}
	d = Directive{Kind: Kind(words[0]), Args: words[1:], Pos: c.Pos(), End: c.End()}
	switch d.Kind {
	case Ignore:
		if len(d.Args) == 0 {
			return d, true, fmt.Errorf("//leaklint:ignore needs a pass name and a reason: //leaklint:ignore <pass> <reason>")
		}
	case MustClose:
		if len(d.Args) > 1 {
			return d, true, fmt.Errorf("//leaklint:mustclose takes at most one method name, got %q", strings.Join(d.Args, " "))
		}
		if len(d.Args) == 1 && !token.IsIdentifier(d.Args[0]) {
			return d, true, fmt.Errorf("//leaklint:mustclose: %q is not a method name", d.Args[0])
		}
	case Producer:
		if len(d.Args) > 0 {
			return d, true, fmt.Errorf("//leaklint:producer takes no arguments, got %q", strings.Join(d.Args, " "))
		}
	default:
		return d, true, fmt.Errorf("unknown leaklint directive %q: the directives are ignore, mustclose and producer", string(d.Kind))
	}
	return d, true, nil
}

// ReleaseMethod is the method a //leaklint:mustclose directive names, or
// DefaultReleaseMethod.
func (d Directive) ReleaseMethod() string {
	if d.Kind == MustClose && len(d.Args) == 1 {
		return d.Args[0]
	}
	return DefaultReleaseMethod
}

// Find returns the first well-formed directive of kind k in the comment
// groups, typically a declaration's doc comment. Malformed directives are
// skipped here; Malformed reports them.
func Find(k Kind, groups ...*ast.CommentGroup) (Directive, bool) {
	for _, g := range groups {
		if g == nil {
			continue
		}
		for _, c := range g.List {
			if d, ok, err := Parse(c); ok && err == nil && d.Kind == k {
				return d, true
			}
		}
	}
	return Directive{}, false
}

// OnType returns the directive of kind k attached to spec, either to the
// spec itself or, for a single-spec declaration, to the enclosing GenDecl
// (where gofmt puts the doc of `type T struct{...}`).
func OnType(decl *ast.GenDecl, spec *ast.TypeSpec, k Kind) (Directive, bool) {
	groups := []*ast.CommentGroup{spec.Doc, spec.Comment}
	if decl != nil && len(decl.Specs) == 1 {
		groups = append(groups, decl.Doc)
	}
	return Find(k, groups...)
}

// Problem is a malformed directive, reported as a finding by the pass it
// concerns.
type Problem struct {
	Pos, End token.Pos
	Pass     string // pass named by an ignore directive; "" when unknown
	Message  string
}

// ReportMalformed reports on pass the problems of Malformed that name the
// pass called name.
func ReportMalformed(pass *analysis.Pass, name string) {
	for _, p := range Malformed(pass.Files) {
		if p.Pass == name {
			pass.Report(analysis.Diagnostic{Pos: p.Pos, End: p.End, Message: p.Message})
		}
	}
}

// Malformed returns the malformed leaklint directives in files, plus the
// ignore directives that name a pass but give no reason: an ignore
// without a reason is itself a finding, so that every silenced leak
// records why it is safe.
func Malformed(files []*ast.File) []Problem {
	var out []Problem
	for _, f := range files {
		for _, g := range f.Comments {
			for _, c := range g.List {
				d, ok, err := Parse(c)
				if !ok {
					continue
				}
				p := Problem{Pos: c.Pos(), End: c.End()}
				if d.Kind == Ignore && len(d.Args) > 0 {
					p.Pass = d.Args[0]
				}
				switch {
				case err != nil:
					p.Message = err.Error()
				case d.Kind == Ignore && len(d.Args) < 2:
					p.Message = fmt.Sprintf("//leaklint:ignore %s needs a reason, so that readers know why the leak is safe: //leaklint:ignore %s <reason>", d.Args[0], d.Args[0])
				default:
					continue
				}
				out = append(out, p)
			}
		}
	}
	return out
}
