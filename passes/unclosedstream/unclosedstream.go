package unclosedstream

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
	"github.com/leaklint/leaklint/internal/lifecycle"
)

//go:embed doc.go
var doc string

// tag gives this pass fact types of its own: the driver rejects analyzers
// that share one.
type tag struct{}

var facts = lifecycle.NewFacts[tag]()

const name = "unclosedstream"

const (
	streamPkg  = "github.com/leaklint/leaklint/stream"
	runtimePkg = "github.com/leaklint/leaklint/runtime"
)

// Config configures an instance of the analyzer.
type Config struct {
	// Types lists more must-close types as "importpath.Type", released by
	// Close, or "importpath.Type:Method".
	Types []string
}

// Analyzer is unclosedstream with the default configuration.
var Analyzer = New(Config{})

// New returns an unclosedstream analyzer for cfg. Its flags write to its
// own copy of cfg, so analyzers built with different configurations
// coexist.
func New(cfg Config) *analysis.Analyzer {
	c := &config{types: append([]string(nil), cfg.Types...)}
	a := &analysis.Analyzer{
		Name:      name,
		Doc:       analysisutil.MustExtractDoc(doc, name),
		URL:       "https://pkg.go.dev/github.com/leaklint/leaklint/passes/unclosedstream",
		Requires:  []*analysis.Analyzer{lazyssa.Analyzer},
		FactTypes: facts.Types(),
		Run:       c.run,
	}
	a.Flags.Init(name, flag.ContinueOnError)
	a.Flags.Var(analysisutil.ListFlag{List: &c.types, Check: checkType}, "types", "comma-separated more must-close types, as importpath.Type or importpath.Type:Method")
	return a
}

type config struct {
	types []string
}

// checkType rejects a malformed -types entry before any package is read.
func checkType(s string) error {
	_, err := parseSpec(s)
	return err
}

const (
	httpPkg = "net/http"
	sqlPkg  = "database/sql"
)

// pgxPkgs are the pgx major versions whose Rows are must-close iterators.
var pgxPkgs = []string{"github.com/jackc/pgx/v4", "github.com/jackc/pgx/v5"}

// kind describes the must-close types for pass: the defaults and the
// configured entries, each settled against the packages pass can see. An
// entry whose package is there but that does not resolve (no such type,
// no such method, a release method that takes arguments) is an error.
func (c *config) kind(pass *analysis.Pass) (*lifecycle.Kind, error) {
	k := &lifecycle.Kind{
		Facts: facts,
		Constructors: map[string]int{
			streamPkg + ".NewStreamingContext":        0,
			streamPkg + ".NewStreamingResultBuilder":  0,
			runtimePkg + ".NewStreamingResourceGuard": 0,
		},
		Types: map[string]string{
			streamPkg + ".StreamingContext":        "Close",
			streamPkg + ".StreamingResultBuilder":  "Close",
			runtimePkg + ".StreamingResourceGuard": "Cleanup",
			// A response's body holds its connection: its read and
			// write loops run until the body is closed.
			httpPkg + ".Response": "Body.Close",
			// Open rows hold a connection and a goroutine watching
			// their context; a statement holds its prepared handles.
			sqlPkg + ".Rows": "Close",
			sqlPkg + ".Stmt": "Close",
		},
		Iterators: map[string]string{
			sqlPkg + ".Rows": "Next",
		},
		NotConstructors: map[string]bool{
			// The recorder's response has an in-memory body.
			"(*net/http/httptest.ResponseRecorder).Result": true,
			// A response read from a reader the caller owns (a proxy's,
			// a websocket handshake's) has no connection of its own.
			httpPkg + ".ReadResponse": true,
			// RoundTrip is the transport layer: behind the interface is
			// as often a test's fake transport, whose response holds
			// nothing, as a real one, and a Transport called directly
			// is dumping or proxying over a connection of its own
			// (httputil.DumpRequestOut); a Client makes the responses
			// its callers must close.
			"(" + httpPkg + ".RoundTripper).RoundTrip": true,
			"(*" + httpPkg + ".Transport).RoundTrip":   true,
		},
		// Both stream types end their goroutines when their context is
		// done, and panic on a nil one.
		ContextBound: map[string]bool{
			streamPkg + ".NewStreamingContext":       true,
			streamPkg + ".NewStreamingResultBuilder": true,
			// Rows of a query made with a context are closed when the
			// context is done.
			"(*" + sqlPkg + ".DB).QueryContext":   true,
			"(*" + sqlPkg + ".Tx).QueryContext":   true,
			"(*" + sqlPkg + ".Conn).QueryContext": true,
			"(*" + sqlPkg + ".Stmt).QueryContext": true,
		},
		Directives:     true,
		TriggerImports: []string{streamPkg, runtimePkg},
	}
	for _, p := range pgxPkgs {
		k.Types[p+".Rows"] = "Close"
		k.Iterators[p+".Rows"] = "Next"
	}
	var pkgs map[string]*types.Package
	for _, t := range c.types {
		sp, err := parseSpec(t)
		if err != nil {
			return nil, err
		}
		if pkgs == nil {
			pkgs = visible(pass.Pkg)
		}
		r, found, err := sp.resolve(pkgs)
		if err != nil {
			return nil, err
		}
		rs := []resolved{r}
		if !found {
			// Not among this package's imports: its type can still
			// reach here through a fact, under any reading of the entry.
			rs = sp.guesses()
		}
		for _, r := range rs {
			k.Types[r.key] = r.release
			if r.next != "" {
				k.Iterators[r.key] = r.next
			}
		}
	}
	return k, nil
}

func (c *config) run(pass *analysis.Pass) (any, error) {
	kind, err := c.kind(pass)
	if err != nil {
		return nil, err
	}
	for _, p := range directive.Malformed(pass.Files) {
		// Directives that name no pass (a broken mustclose) are this
		// pass's business, since it is the one that reads them.
		if p.Pass == name || p.Pass == "" {
			pass.Report(analysis.Diagnostic{Pos: p.Pos, End: p.End, Message: p.Message})
		}
	}
	leaks := lifecycle.Analyze(pass, kind, pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy))
	if len(leaks) == 0 {
		return nil, nil
	}
	ignores := directive.CollectIgnores(pass.Fset, pass.Files)
	for _, l := range leaks {
		if ignores.Ignored(name, l.Pos) || closesTestServer(l) {
			continue
		}
		pass.Report(diagnose(pass, l))
	}
	return nil, nil
}

func diagnose(pass *analysis.Pass, l lifecycle.Leak) analysis.Diagnostic {
	typeName := "value"
	if n := namedOf(l.Type); n != nil {
		typeName = n.Obj().Name()
	}
	// The thing to release: the value, or for a release through a field
	// (Body.Close) what that field holds.
	subject := "the " + typeName + " created here"
	method, fields := l.Method, ""
	if i := strings.LastIndexByte(l.Method, '.'); i >= 0 {
		fields, method = l.Method[:i], l.Method[i+1:]
		subject = "the " + fields + " of the " + typeName + " created here"
	}
	verb := "closed"
	if method != "Close" {
		verb = "released by " + method
	}
	consequence := "it leaks"
	switch {
	case isStreamType(l.Type):
		consequence = "its goroutine leaks"
	case isType(l.Type, httpPkg, "Response"):
		consequence = "its connection and the goroutines serving it leak"
	case isType(l.Type, sqlPkg, "Rows") || isType(l.Type, pgxPkgs[0], "Rows") || isType(l.Type, pgxPkgs[1], "Rows"):
		consequence = "its connection stays busy"
	}
	line := pass.Fset.Position(l.Pos).Line
	d := analysis.Diagnostic{Pos: l.Pos, End: l.End}
	switch l.Reason {
	case lifecycle.Discarded:
		if fields != "" {
			d.Message = fmt.Sprintf("the %s created here is discarded, so its %s is never %s: %s", typeName, fields, verb, consequence)
		} else {
			d.Message = fmt.Sprintf("the %s created here is discarded, so it is never %s: %s", typeName, verb, consequence)
		}
	case lifecycle.Unreleased:
		exitLine := pass.Fset.Position(l.Exit).Line
		d.Message = fmt.Sprintf("%s is not %s on the path through the return at line %d: %s", subject, verb, exitLine, consequence)
		d.Related = []analysis.RelatedInformation{{Pos: l.Exit, Message: fmt.Sprintf("this return leaks the %s created at line %d", typeName, line)}}
		if l.NeverReleased {
			if fix, ok := deferFix(pass, l); ok {
				d.SuggestedFixes = []analysis.SuggestedFix{fix}
			}
		}
	case lifecycle.Reacquired:
		d.Message = fmt.Sprintf("%s in a loop is not %s before the next iteration: every iteration leaks one", subject, verb)
	case lifecycle.DeferredInLoop:
		d.Message = fmt.Sprintf("%s is %s by a defer inside a loop: every iteration's %s stays open until the function returns", subject, verb, typeName)
		d.Related = []analysis.RelatedInformation{{Pos: l.Exit, Message: "deferred here"}}
	}
	return d
}

func isType(t types.Type, pkg, name string) bool {
	n := namedOf(t)
	return n != nil && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == pkg && n.Obj().Name() == name
}

func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	n, _ := t.(*types.Named)
	return n
}

func isStreamType(t types.Type) bool {
	n := namedOf(t)
	if n == nil || n.Obj().Pkg() == nil {
		return false
	}
	switch n.Obj().Pkg().Path() {
	case streamPkg, runtimePkg:
		return true
	}
	return false
}

// deferFix inserts `defer v.Method()` after `v := ctor(...)`, or after the
// `if err != nil { ... }` that follows `v, err := ctor(...)`. It is offered
// only for a := statement directly in a block outside any loop, where the
// value is bound to a name.
func deferFix(pass *analysis.Pass, l lifecycle.Leak) (analysis.SuggestedFix, bool) {
	none := analysis.SuggestedFix{}
	if l.Method == "" {
		return none, false
	}
	assign, v, block, ok := analysisutil.DefiningAssign(l.Path, l.Result)
	if !ok || v.Name == "_" {
		return none, false
	}
	after := ast.Node(assign)
	if len(assign.Lhs) > 1 {
		// (v, err): the release goes after the error check, which must
		// come right after the creation.
		errIdent := errorIdent(pass, assign)
		if errIdent == nil {
			return none, false
		}
		i := indexOf(block.List, assign)
		if i < 0 || i+1 >= len(block.List) {
			return none, false
		}
		check, ok := block.List[i+1].(*ast.IfStmt)
		if !ok || !isErrCheck(pass, check, errIdent) {
			return none, false
		}
		after = check
	}
	indent := analysisutil.Indent(pass.Fset, assign.Pos())
	at := analysisutil.LineEnd(pass.Fset, after.End())
	return analysis.SuggestedFix{
		Message: fmt.Sprintf("defer %s.%s()", v.Name, l.Method),
		TextEdits: []analysis.TextEdit{{
			Pos:     at,
			End:     at,
			NewText: []byte(fmt.Sprintf("\n%sdefer %s.%s()", indent, v.Name, l.Method)),
		}},
	}, true
}

func errorIdent(pass *analysis.Pass, assign *ast.AssignStmt) *ast.Ident {
	errType := types.Universe.Lookup("error").Type()
	for _, lhs := range assign.Lhs {
		id, ok := lhs.(*ast.Ident)
		if !ok || id.Name == "_" {
			continue
		}
		obj := pass.TypesInfo.ObjectOf(id)
		if obj != nil && types.Identical(obj.Type(), errType) {
			return id
		}
	}
	return nil
}

// isErrCheck reports whether s is `if err != nil { ... }` on errIdent's
// variable, with no init and no else.
func isErrCheck(pass *analysis.Pass, s *ast.IfStmt, errIdent *ast.Ident) bool {
	if s.Init != nil || s.Else != nil {
		return false
	}
	cmp, ok := s.Cond.(*ast.BinaryExpr)
	if !ok || cmp.Op != token.NEQ {
		return false
	}
	id, ok := cmp.X.(*ast.Ident)
	if !ok || pass.TypesInfo.ObjectOf(id) != pass.TypesInfo.ObjectOf(errIdent) {
		return false
	}
	nilIdent, ok := cmp.Y.(*ast.Ident)
	return ok && nilIdent.Name == "nil"
}

func indexOf(list []ast.Stmt, s ast.Stmt) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return -1
}
