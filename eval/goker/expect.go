// Package goker evaluates goroutine leak detectors on the GoKer corpus and
// the pattern tests that ship with the Go toolchain: it builds the adapted
// programs in testdata/, runs every scenario in its own process under each
// detector, and scores the reports against the leaks Go's own test expects.
package goker

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
)

// Case is one scenario and the leaks Go's TestGoroutineLeakProfile expects
// from it.
type Case struct {
	Name string
	// Set is the test list the case comes from: micro, stress, patterns or
	// goker.
	Set string
	// Flaky cases (makeFlakyTest) may miss their leaks in a given run; the
	// patterns only say which reports are not false alarms.
	Flaky bool
	// Simple cases (makeTest) run with GOMAXPROCS=1, as in Go's test.
	Simple bool
	Leaks  []*regexp.Regexp
}

// ExpectationsFile is where the toolchain keeps the expected leaks.
func ExpectationsFile() string {
	return filepath.Join(runtime.GOROOT(), "src", "runtime", "goroutineleakprofile_test.go")
}

// LoadExpectations reads the expected leaks from the toolchain's test.
func LoadExpectations() ([]Case, error) {
	src, err := os.ReadFile(ExpectationsFile())
	if err != nil {
		return nil, err
	}
	return ParseExpectations(src)
}

var caseLists = map[string]string{
	"microTests":       "micro",
	"stressTestCases":  "stress",
	"patternTestCases": "patterns",
	"gokerTestCases":   "goker",
}

// ParseExpectations extracts the cases from the source of
// goroutineleakprofile_test.go: the makeTest and makeFlakyTest calls in the
// composite literals assigned to microTests, stressTestCases,
// patternTestCases and gokerTestCases. Reading the source instead of copying
// the lists keeps the evaluation in step with the toolchain it runs on.
func ParseExpectations(src []byte) ([]Case, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "goroutineleakprofile_test.go", src, 0)
	if err != nil {
		return nil, err
	}
	var cases []Case
	var perr error
	ast.Inspect(f, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		if !ok || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			return true
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || caseLists[id.Name] == "" {
			return true
		}
		lit, ok := as.Rhs[0].(*ast.CompositeLit)
		if !ok {
			return true
		}
		for _, elt := range lit.Elts {
			c, err := parseCase(elt)
			if err != nil {
				perr = fmt.Errorf("%s: %v", fset.Position(elt.Pos()), err)
				return false
			}
			c.Set = caseLists[id.Name]
			cases = append(cases, c)
		}
		return false
	})
	if perr != nil {
		return nil, perr
	}
	if len(cases) == 0 {
		return nil, fmt.Errorf("no test cases found")
	}
	return cases, nil
}

func parseCase(e ast.Expr) (Case, error) {
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return Case{}, fmt.Errorf("test case is not a call")
	}
	fn, ok := call.Fun.(*ast.Ident)
	if !ok || (fn.Name != "makeTest" && fn.Name != "makeFlakyTest") {
		return Case{}, fmt.Errorf("test case is not built by makeTest or makeFlakyTest")
	}
	var strs []string
	for _, a := range call.Args {
		bl, ok := a.(*ast.BasicLit)
		if !ok || bl.Kind != token.STRING {
			return Case{}, fmt.Errorf("argument is not a string literal")
		}
		s, err := strconv.Unquote(bl.Value)
		if err != nil {
			return Case{}, err
		}
		strs = append(strs, s)
	}
	if len(strs) == 0 {
		return Case{}, fmt.Errorf("test case has no name")
	}
	c := Case{Name: strs[0], Flaky: fn.Name == "makeFlakyTest", Simple: fn.Name == "makeTest"}
	for _, s := range strs[1:] {
		re, err := regexp.Compile(s)
		if err != nil {
			return Case{}, err
		}
		c.Leaks = append(c.Leaks, re)
	}
	return c, nil
}
