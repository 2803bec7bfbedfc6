// Package lockflow names the synchronisation objects (mutexes, wait
// groups, conds) a function touches, so that the lock passes can tell two
// operations on the same object apart from operations on two objects.
//
// A Key is a path from something the function does not redefine while it
// runs (a parameter, a free variable, a global, a local allocated once) to
// the object: "p0.mu" is the field mu of the receiver, "p1.conn*.mu" the mu
// of the struct the field conn of the second parameter points to. Two
// operations on the same path are on the same object as long as no store
// between them redirects a pointer on the path, which the passes accept:
// a lock path that changes under its own lock is rare and would itself be
// a bug. Values defined inside a loop name a different object on each
// iteration, so they get no key and the passes stay silent about them.
//
// Keys rooted at parameters, free variables and globals are relative: a
// caller substitutes its arguments (Subst) to read a callee's summary.
package lockflow

import (
	"fmt"
	"go/token"
	"go/types"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// Namer computes keys for the values of one function.
type Namer struct {
	Fn *ssa.Function
	// loops is computed on the first key asked in a loop: most Namers
	// (one per function a pass scans) name nothing there, and the
	// loops of every function of nats' server cost missingdone 0.1 s.
	loops     map[*ssa.BasicBlock]int
	loopsDone bool
	// The passes ask for a call's roots on every path through it: each
	// map is built once and shared, read-only.
	callRoots    map[*ssa.CallCommon]map[string]Key
	closureRoots map[*ssa.MakeClosure]map[string]Key
}

// NewNamer returns a Namer for fn.
func NewNamer(fn *ssa.Function) *Namer {
	return &Namer{Fn: fn}
}

// Key names the object at address v (a *sync.Mutex, *sync.WaitGroup, ...),
// or the interface value v (a sync.Locker). Type is the type-level name of
// the field holding it, "Store.mu", shared by every instance, or "" when
// the object is not a field of a named struct or a global.
type Key struct {
	Path string
	Type string
}

// Of returns the key of v, or ok false when v has no stable name.
func (n *Namer) Of(v ssa.Value) (k Key, ok bool) {
	return n.of(v, 0)
}

const maxDepth = 12

func (n *Namer) of(v ssa.Value, depth int) (Key, bool) {
	if depth > maxDepth {
		return Key{}, false
	}
	switch v := v.(type) {
	case *ssa.FieldAddr:
		st, ok := structOf(v.X.Type())
		if !ok || v.Field >= st.NumFields() {
			return Key{}, false
		}
		name := st.Field(v.Field).Name()
		base, ok := n.of(v.X, depth+1)
		if !ok {
			return Key{}, false
		}
		k := Key{Path: base.Path + "." + name}
		if tn := namedOf(v.X.Type()); tn != "" {
			k.Type = tn + "." + name
		} else if base.Type != "" && !strings.HasSuffix(base.Path, "*") {
			// An anonymous struct field of a named one: Store.mu.RWMutex.
			k.Type = base.Type + "." + name
		}
		return k, true
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return Key{}, false
		}
		// A variable assigned once (a parameter a closure captures
		// lives in one) names what it holds.
		if a, ok := v.X.(*ssa.Alloc); ok && !n.inLoop(a.Block()) {
			if stored := StoredOnce(a); stored != nil {
				return n.of(stored, depth+1)
			}
		}
		if n.inLoop(v.Block()) && !stableAddr(v.X) {
			return Key{}, false
		}
		base, ok := n.of(v.X, depth+1)
		if !ok {
			return Key{}, false
		}
		return Key{Path: base.Path + "*", Type: base.Type}, true
	case *ssa.Parameter:
		for i, p := range n.Fn.Params {
			if p == v {
				return Key{Path: "p" + strconv.Itoa(i)}, true
			}
		}
	case *ssa.FreeVar:
		for i, p := range n.Fn.FreeVars {
			if p == v {
				return Key{Path: "f" + strconv.Itoa(i), Type: n.boundType(i, depth)}, true
			}
		}
	case *ssa.Global:
		name := "g:" + v.Pkg.Pkg.Path() + "." + v.Name()
		return Key{Path: name, Type: name}, true
	case *ssa.Alloc, *ssa.Call, *ssa.MakeInterface, *ssa.Extract:
		if n.inLoop(v.(ssa.Instruction).Block()) {
			return Key{}, false
		}
		k := Key{Path: "v" + v.Name()}
		if a, ok := v.(*ssa.Alloc); ok {
			// A local variable: its closures name it through their
			// free variables, and share this type-level name.
			k.Type = "local:" + n.Fn.String() + ":" + a.Name() + ":" + a.Comment
		}
		return k, true
	case *ssa.ChangeType:
		return n.of(v.X, depth+1)
	}
	return Key{}, false
}

// boundType is the type-level name of what a closure's free variable i is
// bound to in the function that makes the closure, when it makes it once.
func (n *Namer) boundType(i, depth int) string {
	parent := n.Fn.Parent()
	if parent == nil || depth > maxDepth {
		return ""
	}
	var mc *ssa.MakeClosure
	for _, b := range parent.Blocks {
		for _, instr := range b.Instrs {
			if m, ok := instr.(*ssa.MakeClosure); ok && m.Fn == n.Fn {
				if mc != nil {
					return ""
				}
				mc = m
			}
		}
	}
	if mc == nil || i >= len(mc.Bindings) {
		return ""
	}
	pn := NewNamer(parent)
	k, ok := pn.of(mc.Bindings[i], depth+1)
	if !ok {
		return ""
	}
	return k.Type
}

// stableAddr reports whether loading from a reaches the same object on
// every iteration: a field path from a parameter, free variable or global.
func stableAddr(a ssa.Value) bool {
	for range maxDepth {
		switch x := a.(type) {
		case *ssa.FieldAddr:
			a = x.X
		case *ssa.UnOp:
			if x.Op != token.MUL {
				return false
			}
			a = x.X
		case *ssa.Parameter, *ssa.FreeVar, *ssa.Global:
			return true
		default:
			return false
		}
	}
	return false
}

func (n *Namer) inLoop(b *ssa.BasicBlock) bool {
	if b == nil {
		return true
	}
	if !n.loopsDone {
		n.loops, n.loopsDone = chanflow.Loops(n.Fn), true
	}
	_, ok := n.loops[b]
	return ok
}

// Relative reports whether a key names an object the caller can name too.
func Relative(path string) bool {
	return strings.HasPrefix(path, "p") || strings.HasPrefix(path, "f") || strings.HasPrefix(path, "g:")
}

// Root splits a relative path into its root ("p1", "f0", "g:x.y") and the
// rest (".mu", ".conn*.mu").
func Root(path string) (root, rest string) {
	if strings.HasPrefix(path, "g:") {
		// A global's name has dots of its own: the rest starts after it.
		i := strings.LastIndex(path, "/")
		j := strings.IndexByte(path[i+1:], '.') // package.Name
		if j < 0 {
			return path, ""
		}
		k := strings.IndexAny(path[i+1+j+1:], ".*")
		if k < 0 {
			return path, ""
		}
		cut := i + 1 + j + 1 + k
		return path[:cut], path[cut:]
	}
	i := strings.IndexAny(path, ".*")
	if i < 0 {
		return path, ""
	}
	return path[:i], path[i:]
}

// Subst maps a callee-relative path to the caller: roots maps "p0", "f1"
// to the caller's key for the argument or binding. ok is false when the
// root is not mapped.
func Subst(path string, roots map[string]Key) (Key, bool) {
	root, rest := Root(path)
	if strings.HasPrefix(root, "g:") {
		return Key{Path: path}, true
	}
	if strings.HasPrefix(rest, "*") {
		if base, ok := roots[root+"*"]; ok {
			return Key{Path: base.Path + rest[1:]}, true
		}
	}
	base, ok := roots[root]
	if !ok {
		return Key{}, false
	}
	return Key{Path: base.Path + rest}, true
}

// CallRoots maps the callee's parameters (and, for a closure made at the
// call, its free variables) to the caller's keys of the arguments. The map
// is shared: callers must not modify it.
func (n *Namer) CallRoots(call *ssa.CallCommon) map[string]Key {
	return memoRoots(&n.callRoots, call, n.callRoots0)
}

func (n *Namer) callRoots0(call *ssa.CallCommon) map[string]Key {
	roots := map[string]Key{}
	args := call.Args
	if call.IsInvoke() {
		return roots
	}
	for i, a := range args {
		if k, ok := n.Of(a); ok {
			roots["p"+strconv.Itoa(i)] = k
		}
	}
	if mc, ok := call.Value.(*ssa.MakeClosure); ok {
		n.addBindings(roots, mc)
	}
	return roots
}

// ClosureRoots maps a closure's free variables to the caller's keys. The
// map is shared: callers must not modify it.
func (n *Namer) ClosureRoots(mc *ssa.MakeClosure) map[string]Key {
	return memoRoots(&n.closureRoots, mc, n.closureRoots0)
}

// memoRoots returns (*memo)[k], computing it with roots on first use.
func memoRoots[K comparable](memo *map[K]map[string]Key, k K, roots func(K) map[string]Key) map[string]Key {
	if r, ok := (*memo)[k]; ok {
		return r
	}
	if *memo == nil {
		*memo = map[K]map[string]Key{}
	}
	r := roots(k)
	(*memo)[k] = r
	return r
}

func (n *Namer) closureRoots0(mc *ssa.MakeClosure) map[string]Key {
	roots := map[string]Key{}
	n.addBindings(roots, mc)
	return roots
}

func (n *Namer) addBindings(roots map[string]Key, mc *ssa.MakeClosure) {
	for i, b := range mc.Bindings {
		if k, ok := n.Of(b); ok {
			roots["f"+strconv.Itoa(i)] = k
		}
		// A captured variable assigned once: the closure's loads of it
		// ("f0*") are what was stored.
		if a, ok := b.(*ssa.Alloc); ok && !n.inLoop(a.Block()) {
			if stored := StoredOnce(a); stored != nil {
				if k, ok := n.Of(stored); ok {
					roots["f"+strconv.Itoa(i)+"*"] = k
				}
			}
		}
	}
}

// StoredOnce returns the one value stored in a local variable that is
// otherwise only loaded or captured, or nil (chanflow.StoredOnce: one
// rule for every engine).
func StoredOnce(a *ssa.Alloc) ssa.Value { return chanflow.StoredOnce(a) }

func structOf(t types.Type) (*types.Struct, bool) {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return nil, false
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	return st, ok
}

// namedOf names the struct type *t points to: "Store", or "" for an
// anonymous struct.
func namedOf(t types.Type) string {
	p, ok := t.Underlying().(*types.Pointer)
	if !ok {
		return ""
	}
	if n, ok := types.Unalias(p.Elem()).(*types.Named); ok {
		if n.Obj().Pkg() != nil {
			return n.Obj().Pkg().Path() + "." + n.Obj().Name()
		}
		return n.Obj().Name()
	}
	return ""
}

// Short is how a reader names a key's object: the last two selectors of
// its type-level name ("Store.mu"), or its path without the root.
func Short(k Key) string {
	if k.Type != "" {
		t := k.Type
		t = strings.TrimPrefix(t, "g:")
		if i := strings.LastIndex(t, "/"); i >= 0 {
			t = t[i+1:]
		}
		if i := strings.IndexByte(t, '.'); i >= 0 && strings.Count(t, ".") > 1 {
			t = t[i+1:]
		}
		return t
	}
	return fmt.Sprint(strings.TrimLeft(k.Path, ".*"))
}

// TickerClosedEdge reports whether the edge from b to b.Succs[i] leaves a
// range over, or a comma-ok receive from, the channel of a time.Ticker:
// nothing closes it, so the edge is never taken.
func TickerClosedEdge(b *ssa.BasicBlock, i int) bool {
	return chanflow.ClosedEdge(b, i, isTickerChan)
}

func isTickerChan(v ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := types.Unalias(p.Elem()).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "time" && n.Obj().Name() == "Ticker"
}

// Promoted returns the key of the object a method value recv.M calls
// method on: recv itself, or the field of recv's struct that M is promoted
// from (s.Unlock on a struct embedding sync.Mutex unlocks s.Mutex).
func (n *Namer) Promoted(recv ssa.Value, method *types.Func) (Key, bool) {
	k, ok := n.Of(recv)
	if !ok {
		return Key{}, false
	}
	_, index, _ := types.LookupFieldOrMethod(recv.Type(), true, method.Pkg(), method.Name())
	if len(index) == 0 {
		return Key{}, false
	}
	cur := recv.Type() // the address of the struct the next field is in
	for j, i := range index[:len(index)-1] {
		st, ok := structOf(cur)
		if !ok || i >= st.NumFields() {
			return Key{}, false
		}
		f := st.Field(i)
		k.Path += "." + f.Name()
		if tn := namedOf(cur); tn != "" {
			k.Type = tn + "." + f.Name()
		}
		if _, isPtr := f.Type().Underlying().(*types.Pointer); isPtr {
			// An embedded pointer: the next field is reached through it.
			k.Path += "*"
			cur = f.Type()
			if j == len(index)-2 {
				break
			}
			continue
		}
		cur = types.NewPointer(f.Type())
	}
	return k, true
}
