package leak

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

	"github.com/leaklint/leaklint/runtime/internal/stack"
)

// detectorLifetimes caches, per go statement ("file:line" of a "created
// by" line), whether it runs once per process.
var detectorLifetimes sync.Map // string -> bool

// detectorProcessLifetime reports whether g was started by a go statement
// that runs once for the life of the process: in a package's init (or a
// package-level variable's initialiser that runs there), or inside a
// function run under a sync.Once (Once.Do, OnceFunc, OnceValue,
// OnceValues), directly or through a function only ever passed to one.
// Such a goroutine is a library's lazy singleton, started by whichever
// check first used the library.
//
// The runtime prints only the creating function, so the detector reads
// the go statement's source, once per statement; when the source is not
// at hand (a binary built with -trimpath, moved), only a creator named
// pkg.init or pkg.init.N counts.
func detectorProcessLifetime(g *stack.Goroutine) bool {
	creator := string(g.CreatedBy.Func)
	if creator == "" || detectorIsStd(g.CreatedBy.File) && strings.HasPrefix(creator, "runtime.") {
		return false
	}
	key := string(g.CreatedBy.File) + ":" + strconv.Itoa(g.CreatedBy.Line)
	if v, ok := detectorLifetimes.Load(key); ok {
		return v.(bool)
	}
	once := detectorOnceSite(creator, string(g.CreatedBy.File), g.CreatedBy.Line)
	detectorLifetimes.Store(key, once)
	return once
}

// detectorInitName reports whether fn is a package's init function
// ("pkg.init", "pkg.init.0").
func detectorInitName(fn string) bool {
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

// detectorOnceSite decides for the go statement at file:line, in the
// function named creator.
func detectorOnceSite(creator, file string, line int) bool {
	if detectorInitName(creator) {
		return true
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
	if err != nil {
		return false
	}
	path := detectorGoStmtPath(fset, f, line)
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
			return detectorOnlyRunOnce(fset, file, fn)
		case *ast.FuncLit:
			parent := path[i-1]
			if call, ok := parent.(*ast.CallExpr); ok && call.Fun == ast.Expr(fn) {
				continue // func(){...}(): runs where it is called
			}
			if detectorOnceCall(parent, fn) {
				return true
			}
			// A package-level var's function literal runs as often as it
			// is called, unless a sync.Once wraps it (above).
			return false
		}
	}
	return false
}

// detectorGoStmtPath returns the nodes from f down to the go statement
// on line, or nil.
func detectorGoStmtPath(fset *token.FileSet, f *ast.File, line int) []ast.Node {
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

// detectorOnceCall reports whether fn is the function argument of a
// sync.Once call in parent: x.Do(fn) (one argument, on a sync.Once),
// sync.OnceFunc(fn), sync.OnceValue(fn), sync.OnceValues(fn).
func detectorOnceCall(parent ast.Node, fn ast.Expr) bool {
	call, ok := parent.(*ast.CallExpr)
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
		return ok && id.Name == "sync"
	case "Do":
		// One argument, no result used as a value: sync.Once.Do's shape.
		// Other Do methods with that shape (rare) take a function too and
		// are read the same way.
		return true
	}
	return false
}

// detectorOnlyRunOnce reports whether the named function fn, declared in
// file, is only ever handed to a sync.Once in its package: every
// reference to it in the package's files is the argument of a Once call.
func detectorOnlyRunOnce(fset *token.FileSet, file string, fn *ast.FuncDecl) bool {
	name := fn.Name.Name
	dir := filepath.Dir(file)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return false
	}
	// Parsing a large package (net/http) takes tens of milliseconds:
	// parse only the files where the name follows a Once call's opening.
	paths := detectorGoFiles(dir, entries)
	maybe := false
	for _, path := range paths {
		if data, err := os.ReadFile(path); err == nil && detectorMaybeOnceArg(data, name) {
			maybe = true
			break
		}
	}
	if !maybe {
		return false
	}
	refs, onceRefs := 0, 0
	for _, path := range paths {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
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
				if len(parents) > 0 && detectorOnceCall(parents[len(parents)-1], ref) {
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

// detectorGoFiles lists the Go files of dir.
func detectorGoFiles(dir string, entries []os.DirEntry) []string {
	var paths []string
	for _, e := range entries {
		if !e.IsDir() && strings.HasSuffix(e.Name(), ".go") {
			paths = append(paths, filepath.Join(dir, e.Name()))
		}
	}
	return paths
}

// detectorMaybeOnceArg reports whether name appears in src right after
// "Do(", "OnceFunc(", "OnceValue(" or "OnceValues(" (possibly as x.name):
// a cheap test before parsing.
func detectorMaybeOnceArg(src []byte, name string) bool {
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
