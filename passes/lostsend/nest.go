package lostsend

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// loop is a natural loop of a function's CFG: a header that dominates the
// sources of the edges back to it, and the blocks that reach them without
// passing through the header.
type loop struct {
	header *ssa.BasicBlock
	body   map[*ssa.BasicBlock]bool
	parent *loop
	// trip is how many times the body runs when the loop ends by its
	// counting condition (see tripCount); nil when it has none.
	trip *bound
	// normal is the edge taken when the count runs out: from normal.b to
	// normal.b.Succs[normal.i]. bypass, if set, is the guard before a
	// rotated loop that skips it when the count is zero.
	normal, bypass edge
}

type edge struct {
	b *ssa.BasicBlock
	i int
}

func (e edge) is(b *ssa.BasicBlock, i int) bool { return e.b != nil && e.b == b && e.i == i }

// contains reports whether b is in l or a loop nested in it.
func (l *loop) contains(b *ssa.BasicBlock) bool { return l != nil && l.body[b] }

// depth is how many loops enclose l, itself included.
func (l *loop) depth() int {
	d := 0
	for ; l != nil; l = l.parent {
		d++
	}
	return d
}

// nest is the loop forest of a function.
type nest struct {
	loops     []*loop
	innermost map[*ssa.BasicBlock]*loop
	// irreducible: a cycle with no dominating header (a goto into a
	// loop): counts through it cannot be trusted.
	irreducible bool
}

// loopNest computes the natural loops of fn, nested.
func loopNest(fn *ssa.Function, sccs map[*ssa.BasicBlock]int) *nest {
	n := &nest{innermost: map[*ssa.BasicBlock]*loop{}}
	for _, h := range fn.Blocks {
		var latches []*ssa.BasicBlock
		for _, p := range h.Preds {
			if h.Dominates(p) {
				latches = append(latches, p)
			}
		}
		if len(latches) == 0 {
			continue
		}
		l := &loop{header: h, body: map[*ssa.BasicBlock]bool{h: true}}
		work := latches
		for len(work) > 0 {
			b := work[len(work)-1]
			work = work[:len(work)-1]
			if l.body[b] {
				continue
			}
			l.body[b] = true
			work = append(work, b.Preds...)
		}
		n.loops = append(n.loops, l)
	}
	// Parents: the smallest other loop holding the header.
	for _, l := range n.loops {
		for _, o := range n.loops {
			if o != l && o.body[l.header] && len(o.body) > len(l.body) && (l.parent == nil || len(o.body) < len(l.parent.body)) {
				l.parent = o
			}
		}
	}
	for _, l := range n.loops {
		for b := range l.body {
			if cur := n.innermost[b]; cur == nil || len(l.body) < len(cur.body) {
				n.innermost[b] = l
			}
		}
	}
	for b := range sccs {
		if n.innermost[b] == nil {
			n.irreducible = true
		}
	}
	for _, l := range n.loops {
		tripCount(l)
	}
	return n
}

// bound is a trip count: a constant, or a value of the function that does
// not change while the loops that use it run, named by key so that two
// loops over the same bound compare equal.
type bound struct {
	k     int64
	isK   bool
	key   string
	label string // for messages and tests
}

func (b *bound) String() string {
	if b.isK {
		return fmt.Sprint(b.k)
	}
	return b.label
}

// tripCount recognises the loops whose count is fixed on entry: a counter
// from 0 up to a bound (`for i := 0; i < n; i++`, `for i := range n`, `for
// range n`), a range over a slice or array (len(s) times), over a map
// (len(m) times).
func tripCount(l *loop) {
	for b := range l.body {
		if len(b.Instrs) == 0 || len(b.Succs) != 2 {
			continue
		}
		iff, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok || !l.body[b.Succs[0]] || l.body[b.Succs[1]] {
			continue
		}
		// A test at the end of the body (a rotated loop) comes after one
		// more run of it than a test at the top.
		atEnd := b.Succs[0] == l.header
		if t := counted(iff.Cond, l, atEnd); t != nil {
			l.trip, l.normal = t, edge{b, 1}
			l.bypass = guard(l, t)
			return
		}
	}
}

// counted reads a loop condition `x < n` where x counts the iterations from
// zero, or the ok of a map iteration, and returns the trip count.
func counted(cond ssa.Value, l *loop, atEnd bool) *bound {
	if ext, ok := cond.(*ssa.Extract); ok && ext.Index == 0 {
		if next, ok := ext.Tuple.(*ssa.Next); ok && !next.IsString {
			if rng, ok := next.Iter.(*ssa.Range); ok {
				if _, isMap := rng.X.Type().Underlying().(*types.Map); isMap {
					return symbolic("len", rng.X)
				}
			}
		}
		return nil
	}
	cmp, ok := cond.(*ssa.BinOp)
	if !ok || cmp.Op != token.LSS {
		return nil
	}
	start, ok := counter(cmp.X, l)
	if !ok {
		return nil
	}
	if atEnd {
		start--
	}
	if inLoop(cmp.Y, l) && !isStableLoad(cmp.Y) && !isStableLen(cmp.Y, l) {
		return nil
	}
	if k, ok := intConst(cmp.Y); ok {
		return &bound{k: max(k-start, 0), isK: true}
	}
	if start != 0 {
		return nil
	}
	if call, ok := cmp.Y.(*ssa.Call); ok {
		if bi, ok := call.Call.Value.(*ssa.Builtin); ok && len(call.Call.Args) == 1 {
			switch bi.Name() {
			case "len":
				return symbolic("len", call.Call.Args[0])
			case "cap":
				// cap of a channel made with a constant size.
				if mc, ok := call.Call.Args[0].(*ssa.MakeChan); ok {
					if k, ok := intConst(mc.Size); ok {
						return &bound{k: max(k, 0), isK: true}
					}
				}
				return symbolic("cap", call.Call.Args[0])
			}
		}
	}
	return symbolic("", cmp.Y)
}

// counter reports whether x counts the loop's iterations by one, and the
// value it has when the condition is first tested.
func counter(x ssa.Value, l *loop) (int64, bool) {
	step := func(v, of ssa.Value) bool {
		add, ok := v.(*ssa.BinOp)
		if !ok || add.Op != token.ADD || add.X != of {
			return false
		}
		k, ok := intConst(add.Y)
		return ok && k == 1
	}
	// init returns the constant the phi starts at, its other edges all
	// being next.
	init := func(phi *ssa.Phi, next ssa.Value) (int64, bool) {
		var start int64
		found := false
		for i, e := range phi.Edges {
			if l.body[phi.Block().Preds[i]] {
				if e != next {
					return 0, false
				}
				continue
			}
			k, ok := intConst(e)
			if !ok || found && k != start {
				return 0, false
			}
			start, found = k, true
		}
		return start, found
	}
	switch v := x.(type) {
	case *ssa.UnOp:
		// for i := 0; i < n; i++ whose i a closure captures: a fresh
		// variable per round, each the last one's value plus one.
		phi, ok := v.X.(*ssa.Phi)
		if !ok || v.Op != token.MUL || phi.Block() != l.header {
			return 0, false
		}
		var start int64
		found := false
		for i, e := range phi.Edges {
			a, ok := e.(*ssa.Alloc)
			if !ok {
				return 0, false
			}
			if l.body[phi.Block().Preds[i]] {
				if !copiedPlusOne(a, phi) {
					return 0, false
				}
				continue
			}
			st := allocStores(a)
			if len(st) != 1 {
				return 0, false
			}
			k, ok := intConst(st[0])
			if !ok || found && k != start {
				return 0, false
			}
			start, found = k, true
		}
		return start, found
	case *ssa.Phi:
		// for i := 0; i < n; i++ and the rotated range over an int
		// (tested first before the loop, see guard).
		if v.Block() != l.header {
			// A rotated loop tests next at its end: x is phi+1 there.
			break
		}
		for _, e := range v.Edges {
			if step(e, v) {
				return init(v, e)
			}
		}
	case *ssa.BinOp:
		// for i := range s: the index is phi+1, tested against len(s).
		phi, ok := v.X.(*ssa.Phi)
		if !ok || !step(v, phi) || !l.body[phi.Block()] {
			return 0, false
		}
		k, ok := init(phi, v)
		return k + 1, ok
	}
	return 0, false
}

func allocStores(a *ssa.Alloc) []ssa.Value {
	var vals []ssa.Value
	for _, r := range *a.Referrers() {
		if st, ok := r.(*ssa.Store); ok && st.Addr == a {
			vals = append(vals, st.Val)
		}
	}
	return vals
}

// copiedPlusOne reports the next round's variable of a per-iteration loop
// counter: it is stored the current one's value, then that plus one.
func copiedPlusOne(a *ssa.Alloc, phi *ssa.Phi) bool {
	st := allocStores(a)
	if len(st) != 2 {
		return false
	}
	cp, ok := st[0].(*ssa.UnOp)
	if !ok || cp.Op != token.MUL || cp.X != phi {
		return false
	}
	add, ok := st[1].(*ssa.BinOp)
	if !ok || add.Op != token.ADD {
		return false
	}
	if k, ok := intConst(add.Y); !ok || k != 1 {
		return false
	}
	load, ok := add.X.(*ssa.UnOp)
	return ok && load.Op == token.MUL && load.X == a
}

// guard finds the test before a rotated loop (range over an int) that
// skips it when the count is zero: `if 0 < n` with the loop's own bound.
func guard(l *loop, t *bound) edge {
	for _, p := range l.header.Preds {
		if l.body[p] || len(p.Succs) != 2 || p.Succs[0] != l.header || len(p.Instrs) == 0 {
			continue
		}
		iff, ok := p.Instrs[len(p.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cmp, ok := iff.Cond.(*ssa.BinOp)
		if !ok || cmp.Op != token.LSS {
			continue
		}
		if k, ok := intConst(cmp.X); !ok || k != 0 {
			continue
		}
		var g *bound
		if k, ok := intConst(cmp.Y); ok {
			g = &bound{k: max(k, 0), isK: true}
		} else {
			g = symbolic("", cmp.Y)
		}
		if g != nil && *g == *t {
			return edge{p, 1}
		}
	}
	return edge{}
}

func inLoop(v ssa.Value, l *loop) bool {
	instr, ok := v.(ssa.Instruction)
	return ok && instr.Block() != nil && l.body[instr.Block()]
}

// isStableLoad reports a load of a field of a value that outlives the loop
// (b.N), re-read by every test of the condition but not written by it.
func isStableLoad(v ssa.Value) bool {
	load, ok := v.(*ssa.UnOp)
	if !ok || load.Op != token.MUL {
		return false
	}
	fa, ok := load.X.(*ssa.FieldAddr)
	if !ok {
		return false
	}
	_, ok = canonical(fa.X, 0)
	return ok
}

// isStableLen reports len(x) or cap(x) of a value x from outside the loop.
func isStableLen(v ssa.Value, l *loop) bool {
	call, ok := v.(*ssa.Call)
	if !ok {
		return false
	}
	bi, ok := call.Call.Value.(*ssa.Builtin)
	if !ok || bi.Name() != "len" && bi.Name() != "cap" || len(call.Call.Args) != 1 {
		return false
	}
	x := call.Call.Args[0]
	if load, ok := x.(*ssa.UnOp); ok && load.Op == token.MUL {
		if _, ok := canonical(x, 0); ok {
			return true
		}
	}
	return !inLoop(x, l)
}

func intConst(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// symbolic names a bound that is not a constant; op is "len" for len(v).
func symbolic(op string, v ssa.Value) *bound {
	if k, ok := intConst(v); ok && op == "" {
		return &bound{k: max(k, 0), isK: true}
	}
	key, ok := canonical(v, 0)
	if !ok {
		return nil
	}
	label := v.Name()
	if op != "" {
		key = op + "(" + key + ")"
		label = op + "(" + label + ")"
	}
	return &bound{key: key, label: label}
}

// canonical names v so that two reads of the same unchanging value get
// the same name: a value is itself (SSA values never change), a load from
// a variable assigned once is the value stored, a captured variable is
// the value its creator binds, a field load (b.N, tc.count) is the field
// of the canonical base, a conversion is its operand.
func canonical(v ssa.Value, depth int) (string, bool) {
	if depth > 8 {
		return "", false
	}
	switch x := v.(type) {
	case *ssa.Const:
		if x.Value == nil {
			return "", false
		}
		return "const " + x.Value.ExactString(), true
	case *ssa.Convert:
		return canonical(x.X, depth+1)
	case *ssa.ChangeType:
		return canonical(x.X, depth+1)
	case *ssa.FreeVar:
		if b := freeVarBinding(x); b != nil {
			return canonical(b, depth+1)
		}
		return "", false
	case *ssa.Field:
		base, ok := canonical(x.X, depth+1)
		return fmt.Sprintf("%s.%d", base, x.Field), ok
	case *ssa.UnOp:
		if x.Op != token.MUL {
			break
		}
		switch a := x.X.(type) {
		case *ssa.FieldAddr:
			base, ok := canonical(a.X, depth+1)
			return fmt.Sprintf("%s->%d", base, a.Field), ok
		case *ssa.Alloc:
			if st := chanflow.StoredOnce(a); st != nil {
				return canonical(st, depth+1)
			}
			return "", false
		case *ssa.FreeVar:
			if b := freeVarBinding(a); b != nil {
				if alloc, ok := b.(*ssa.Alloc); ok {
					if st := chanflow.StoredOnce(alloc); st != nil {
						return canonical(st, depth+1)
					}
				}
			}
			return "", false
		}
	case *ssa.Phi:
		// A value that depends on the path: not one bound.
		return "", false
	}
	return fmt.Sprintf("%p", v), true
}

// freeVarBinding is the value the enclosing function binds to fv.
func freeVarBinding(fv *ssa.FreeVar) ssa.Value {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 || fn.Parent() == nil {
		return nil
	}
	if refs := fv.Referrers(); refs != nil {
		for _, r := range *refs {
			if st, ok := r.(*ssa.Store); ok && st.Addr == fv {
				return nil // the closure assigns it
			}
		}
	}
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				return mc.Bindings[idx]
			}
		}
	}
	return nil
}
