package lifecycle

import (
	"go/types"
)

// Kind describes one kind of resource to the engine.
type Kind struct {
	// Facts are the analyzer's own fact types (NewFacts), which must also
	// be its Analyzer.FactTypes.
	Facts *Facts

	// Constructors maps the full name of known acquiring functions
	// (types.Func.FullName, e.g. "context.WithCancel" or
	// "(*example.com/p.Pool).Get") to the result that carries the
	// resource; -1 means the last one. Functions that return what such a function returned are
	// found by the engine and exported as facts.
	Constructors map[string]int

	// Called is set for resources that are functions released by calling
	// them, such as context.CancelFunc.
	Called bool

	// Types maps must-close types ("path/to/pkg.Name") to the method that
	// releases them. Values of these types are released by calling that
	// method; any function returning a fresh one is a constructor. The
	// method may be reached through fields, "Body.Close": the value is
	// released by closing what its Body field holds (see field.go).
	Types map[string]string

	// Iterators maps must-close types to the method whose false result
	// also releases them ("Next" for database/sql.Rows): see iterator.go.
	Iterators map[string]string

	// NotConstructors lists functions (by full name) that return a
	// must-close type without handing out anything to release, such as
	// a recorder's in-memory HTTP response.
	NotConstructors map[string]bool

	// ContextBound lists constructors (by full name) whose resource is
	// bound to their context argument: cancelling that context, through
	// the cancel function of the same function, releases the resource,
	// and a nil context makes them panic, so there is nothing to release.
	ContextBound map[string]bool

	// DoneContext is set for cancel functions made together with a
	// context.Context by the same call: the engine then tracks that
	// context, and a path on which it is provably done (see done.go)
	// leaks nothing. Paths through calls that never return (t.Fatal,
	// os.Exit) end there.
	DoneContext bool

	// Directives enables //leaklint:mustclose on type declarations.
	Directives bool

	// TriggerImports lists packages whose import makes a package worth
	// analysing. Packages that import none of them, import no package
	// that provides this kind's resources and declare no must-close type
	// are skipped before SSA is built.
	TriggerImports []string
}

// isCancelLike reports whether t is a function type that can be a cancel
// function: func() or func(error), named or not.
func isCancelLike(t types.Type) bool {
	sig, ok := t.Underlying().(*types.Signature)
	if !ok || sig.Results().Len() != 0 || sig.Variadic() || sig.TypeParams() != nil {
		return false
	}
	switch sig.Params().Len() {
	case 0:
		return true
	case 1:
		return types.Identical(sig.Params().At(0).Type(), types.Universe.Lookup("error").Type())
	}
	return false
}

// namedOf returns the named type behind t or *t, at its generic origin.
func namedOf(t types.Type) *types.Named {
	t = types.Unalias(t)
	if p, ok := t.(*types.Pointer); ok {
		t = types.Unalias(p.Elem())
	}
	if n, ok := t.(*types.Named); ok {
		return n.Origin()
	}
	return nil
}

func typeKey(n *types.Named) string {
	obj := n.Obj()
	if obj.Pkg() == nil {
		return obj.Name()
	}
	return obj.Pkg().Path() + "." + obj.Name()
}
