package lifecycle

import (
	"fmt"
	"golang.org/x/tools/go/analysis"
	"strings"
)

// The driver requires every analyzer to have fact types of its own, so
// the fact types are generic in a tag type that each pass declares; the
// engine reaches them through Facts.

// Facts is one analyzer's set of fact types.
type Facts struct {
	newFunc func() funcFactOf
	newType func() typeFactOf
	newPkg  func() analysis.Fact
}

// NewFacts returns the fact types for the analyzer whose private tag type
// is Tag (any unexported empty struct of the pass's own).
func NewFacts[Tag any]() *Facts {
	return &Facts{
		newFunc: func() funcFactOf { return new(funcFact[Tag]) },
		newType: func() typeFactOf { return new(typeFact[Tag]) },
		newPkg:  func() analysis.Fact { return &pkgFact[Tag]{Provides: true} },
	}
}

// Types lists the fact types, for Analyzer.FactTypes.
func (f *Facts) Types() []analysis.Fact {
	return []analysis.Fact{f.newFunc(), f.newType(), f.newPkg()}
}

type funcFactOf interface {
	analysis.Fact
	data() *funcData
}

type typeFactOf interface {
	analysis.Fact
	data() *typeData
}

// funcFact records what a function does with resources of one kind.
// (Data is exported, and named, because facts travel by gob under go vet.)
type funcFact[Tag any] struct{ Data funcData }

func (*funcFact[Tag]) AFact()            {}
func (f *funcFact[Tag]) String() string  { return f.Data.String() }
func (f *funcFact[Tag]) data() *funcData { return &f.Data }

type funcData struct {
	// Returns lists the results that carry a fresh resource the caller
	// must release: the function is a constructor or a wrapper.
	Returns []int
	// Params lists, for each parameter that can hold a resource (receiver
	// first for methods), what the function does with it. Parameters that
	// cannot hold one are absent, and so are unknown to callers.
	Params []paramUse
	// Contexts lists the context.Context parameters that the function
	// returns only once done, or whose doneness its errors report.
	Contexts []ctxUse
	// Borrowed lists the results of a must-close type that only ever
	// hold what a field, a global or a parameter held: a getter hands
	// out nothing new.
	Borrowed []int
}

type paramUse struct {
	Index    int
	Released bool // closed, called, drained
	Kept     bool // stored where it outlives the call, returned, sent
}

func (f *funcData) String() string {
	var parts []string
	for _, r := range f.Returns {
		parts = append(parts, fmt.Sprintf("returns resource in result %d", r))
	}
	for _, r := range f.Borrowed {
		parts = append(parts, fmt.Sprintf("borrows result %d", r))
	}
	for _, p := range f.Params {
		switch {
		case p.Released:
			parts = append(parts, fmt.Sprintf("releases param %d", p.Index))
		case p.Kept:
			parts = append(parts, fmt.Sprintf("keeps param %d", p.Index))
		default:
			parts = append(parts, fmt.Sprintf("ignores param %d", p.Index))
		}
	}
	for _, c := range f.Contexts {
		if c.Waits {
			parts = append(parts, fmt.Sprintf("waits for context param %d", c.Index))
		}
		for _, r := range c.Errs {
			parts = append(parts, fmt.Sprintf("result %d set only once context param %d is done", r, c.Index))
		}
	}
	return strings.Join(parts, "; ")
}

func (f *funcData) param(i int) (paramUse, bool) {
	for _, p := range f.Params {
		if p.Index == i {
			return p, true
		}
	}
	return paramUse{}, false
}

// typeFact marks a must-close type and names its release method.
type typeFact[Tag any] struct{ Data typeData }

type typeData struct {
	Method string
}

func (*typeFact[Tag]) AFact()            {}
func (f *typeFact[Tag]) String() string  { return "must be released by " + f.Data.Method }
func (f *typeFact[Tag]) data() *typeData { return &f.Data }

// pkgFact marks a package that declares functions returning resources of
// the analyzer's kind, or must-close types, so that importers know they may
// contain acquisitions even without importing the kind's packages.
type pkgFact[Tag any] struct {
	Provides bool // gob cannot encode a struct without exported fields
}

func (*pkgFact[Tag]) AFact() {}

func (*pkgFact[Tag]) String() string { return "provides resources" }
