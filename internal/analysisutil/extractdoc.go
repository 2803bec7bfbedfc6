package analysisutil

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// ExtractDoc returns the "# Analyzer <name>" section of the package doc
// comment in content (the text of a pass's doc.go), without the heading and
// without the leading "<name>:" of its summary line, which is the form
// analysis.Analyzer.Doc expects.
//
// A pass embeds its doc.go so that pkg.go.dev, `go doc` and `leaklint help
// <name>` show one text:
//
//	//go:embed doc.go
//	var doc string
//
//	var Analyzer = &analysis.Analyzer{Name: "x", Doc: analysisutil.MustExtractDoc(doc, "x"), ...}
func ExtractDoc(content, name string) (string, error) {
	if strings.TrimSpace(content) == "" {
		return "", fmt.Errorf("extracting doc for analyzer %q: empty Go source file", name)
	}
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("extracting doc for analyzer %q: %v", name, err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("extracting doc for analyzer %q: the file has no package doc comment", name)
	}
	for section := range strings.SplitSeq("\n"+f.Doc.Text(), "\n# ") {
		body, ok := strings.CutPrefix(section, "Analyzer "+name)
		if !ok || body == "" || (body[0] != '\n' && body[0] != '\r') {
			continue
		}
		body = strings.TrimSpace(body)
		summary, ok := strings.CutPrefix(body, name+":")
		if !ok {
			return "", fmt.Errorf("extracting doc for analyzer %q: the heading must be followed by a %q line", name, name+": summary")
		}
		return strings.TrimSpace(summary), nil
	}
	return "", fmt.Errorf("extracting doc for analyzer %q: the package doc has no \"# Analyzer %s\" heading", name, name)
}

// MustExtractDoc is ExtractDoc for package initialisation, where a malformed
// doc.go is a programming error in the pass itself.
func MustExtractDoc(content, name string) string {
	doc, err := ExtractDoc(content, name)
	if err != nil {
		panic("leaklint: " + err.Error())
	}
	return doc
}
