// Package lifetime decides whether a go statement runs once for the life
// of the process: in a package's init, or inside a function run under a
// sync.Once (Once.Do, OnceFunc, OnceValue, OnceValues), directly or
// through a function only ever handed to one. A goroutine started there is
// a library's lazy singleton, started by whichever code first used the
// library, not that code's leak.
//
// The runtime prints only the function that created a goroutine and the
// go statement's file and line, so the package reads the statement's
// source. When the source is not at hand (a binary built with -trimpath,
// moved), only a creator named pkg.init or pkg.init.N counts.
package lifetime

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/leaklint/leaklint/runtime/internal/blame"
	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// Sites caches the answer per go statement. The zero Sites is ready to
// use and safe for concurrent use.
type Sites struct {
	m sync.Map // "file:line" -> bool
}

// Once reports whether the go statement at file:line, in the function
// named creator (as a stack trace prints it), runs once per process. It
// reads the source the first time a statement is asked about.
func (s *Sites) Once(creator, file string, line int) bool {
	if creator == "" {
		return false
	}
	key := file + ":" + strconv.Itoa(line)
	if v, ok := s.m.Load(key); ok {
		return v.(bool)
	}
	once := onceSite(creator, file, line)
	s.m.Store(key, once)
	return once
}

// Started reports whether g was started by a go statement that runs once
// per process (see Once). The runtime's own creators are not asked about.
func (s *Sites) Started(g *stack.Goroutine) bool {
	creator := string(g.CreatedBy.Func)
	if creator == "" || blame.Std(g.CreatedBy.File) && strings.HasPrefix(creator, "runtime.") {
		return false
	}
	return s.Once(creator, string(g.CreatedBy.File), g.CreatedBy.Line)
}

// initName reports whether fn is a package's init function
// ("pkg.init", "pkg.init.0").
func initName(fn string) bool {
	name := fn[strings.LastIndexByte(fn, '/')+1:]
	_, name, _ = strings.Cut(name, ".")
	if name == "init" {
		return true
	}
	n, ok := strings.CutPrefix(name, "init.")
	if !ok {
		return false
	}
	_, err := strconv.Atoi(n)
	return err == nil
}

// onceSite decides for the go statement at file:line, in the
// function named creator.
func onceSite(creator, file string, line int) bool {
	if initName(creator) {
		return true
	}
	p := &pkg{fset: token.NewFileSet(), dir: filepath.Dir(file)}
	f := p.file(file)
	if f == nil {
		return false
	}
	path := goStmtPath(p.fset, f, line)
	if path == nil {
		return false
	}
	// Walk out from the go statement to the function that contains it.
	for i := len(path) - 1; i >= 0; i-- {
		switch fn := path[i].(type) {
		case *ast.FuncDecl:
			if fn.Recv == nil && fn.Name.Name == "init" {
				return true
			}
			return p.onlyRunOnce(fn)
		case *ast.FuncLit:
			if call, ok := path[i-1].(*ast.CallExpr); ok && call.Fun == ast.Expr(fn) {
				continue // func(){...}(): runs where it is called
			}
			// A function literal runs as often as it is called, unless a
			// package-level sync.Once runs it.
			return p.onceCall(path[:i], fn)
		}
	}
	return false
}

// pkg is the package a go statement is in, parsed as needed.
type pkg struct {
	fset  *token.FileSet
	dir   string
	files map[string]*ast.File
	// vars are the names of its package-level variables.
	vars map[string]bool
}

// file parses path once; nil if it cannot.
func (p *pkg) file(path string) *ast.File {
	if f, ok := p.files[path]; ok {
		return f
	}
	if p.files == nil {
		p.files = map[string]*ast.File{}
	}
	f, err := parser.ParseFile(p.fset, path, nil, parser.SkipObjectResolution)
	if err != nil {
		f = nil
	}
	p.files[path] = f
	return f
}

// packageVar reports whether name is a package-level variable of p.
func (p *pkg) packageVar(name string) bool {
	if p.vars == nil {
		p.vars = map[string]bool{}
		entries, _ := os.ReadDir(p.dir)
		for _, path := range goFiles(p.dir, entries) {
			f := p.file(path)
			if f == nil {
				continue
			}
			for _, d := range f.Decls {
				if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.VAR {
					for _, spec := range gd.Specs {
						for _, n := range spec.(*ast.ValueSpec).Names {
							p.vars[n.Name] = true
						}
					}
				}
			}
		}
	}
	return p.vars[name]
}

// onceCall reports whether fn, reached through parents (outermost
// first), is the function argument of a sync.Once that lives as long as
// the process: x.Do(fn) on a package-level x, or sync.OnceFunc(fn),
// sync.OnceValue(fn), sync.OnceValues(fn) in a package-level
// variable's initialiser. A Once that is a struct field or a local runs
// once per value, and a goroutine started under it is an ordinary leak
// when the value is dropped.
func (p *pkg) onceCall(parents []ast.Node, fn ast.Expr) bool {
	if len(parents) == 0 {
		return false
	}
	call, ok := parents[len(parents)-1].(*ast.CallExpr)
	if !ok || len(call.Args) != 1 || call.Args[0] != fn {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	switch sel.Sel.Name {
	case "OnceFunc", "OnceValue", "OnceValues":
		id, ok := sel.X.(*ast.Ident)
		if !ok || id.Name != "sync" {
			return false
		}
		for _, n := range parents[:len(parents)-1] {
			switch n.(type) {
			case *ast.FuncDecl, *ast.FuncLit:
				return false // made inside a function: once per call
			}
		}
		return true
	case "Do":
		// One argument on a package-level variable: sync.Once.Do's shape.
		// Another Do method of that shape (rare) takes a function too and
		// is read the same way.
		id, ok := sel.X.(*ast.Ident)
		return ok && p.packageVar(id.Name)
	}
	return false
}

// onlyRunOnce reports whether the named function fn is only ever handed
// to a package-level sync.Once in its package: every reference to it in
// the package's files is the argument of such a Once call.
func (p *pkg) onlyRunOnce(fn *ast.FuncDecl) bool {
	name := fn.Name.Name
	entries, err := os.ReadDir(p.dir)
	if err != nil {
		return false
	}
	// Parsing a large package (net/http) takes tens of milliseconds:
	// parse only if the name follows a Once call's opening somewhere.
	paths := goFiles(p.dir, entries)
	maybe := false
	for _, path := range paths {
		if data, err := os.ReadFile(path); err == nil && maybeOnceArg(data, name) {
			maybe = true
			break
		}
	}
	if !maybe {
		return false
	}
	refs, onceRefs := 0, 0
	for _, path := range paths {
		f := p.file(path)
		if f == nil {
			continue
		}
		var parents []ast.Node
		ast.Inspect(f, func(n ast.Node) bool {
			if n == nil {
				parents = parents[:len(parents)-1]
				return false
			}
			if decl, ok := n.(*ast.FuncDecl); ok && decl.Name.Name == name {
				return false // its own declaration
			}
			var ref ast.Expr
			switch x := n.(type) {
			case *ast.Ident:
				if x.Name == name {
					ref = x
				}
			case *ast.SelectorExpr:
				if x.Sel.Name == name {
					ref = x
				}
			}
			if ref != nil {
				refs++
				if p.onceCall(parents, ref) {
					onceRefs++
				}
				return false
			}
			parents = append(parents, n)
			return true
		})
	}
	return refs > 0 && refs == onceRefs
}

// goStmtPath returns the nodes from f down to the go statement on line,
// or nil.
func goStmtPath(fset *token.FileSet, f *ast.File, line int) []ast.Node {
	var stackNodes, found []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		if n == nil {
			stackNodes = stackNodes[:len(stackNodes)-1]
			return false
		}
		if p := fset.Position(n.Pos()); p.Line > line {
			return false
		} else if e := fset.Position(n.End()); e.Line < line {
			return false
		}
		stackNodes = append(stackNodes, n)
		if gs, ok := n.(*ast.GoStmt); ok && fset.Position(gs.Pos()).Line == line {
			found = append([]ast.Node(nil), stackNodes...)
			return false
		}
		return true
	})
	return found
}

// goFiles lists the Go files of dir.
func goFiles(dir string, entries []os.DirEntry) []string {
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths
}

// maybeOnceArg reports whether name appears in src right after
// "Do(", "OnceFunc(", "OnceValue(" or "OnceValues(" (possibly as x.name):
// a cheap test before parsing.
func maybeOnceArg(src []byte, name string) bool {
	for i := 0; ; {
		j := bytes.Index(src[i:], []byte(name))
		if j < 0 {
			return false
		}
		at := i + j
		before := src[max(0, at-48):at]
		if k := bytes.LastIndexByte(before, '('); k >= 0 {
			head := before[:k]
			for _, call := range []string{"Do", "OnceFunc", "OnceValue", "OnceValues"} {
				if bytes.HasSuffix(head, []byte(call)) {
					return true
				}
			}
		}
		i = at + len(name)
	}
}
