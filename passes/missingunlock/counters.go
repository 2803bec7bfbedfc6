package missingunlock

import (
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ssa"
)

// Counted loops: `for i := 0; i < 2; i++` with a lock taken in the body
// and released on all but the last iteration are common in small
// kernels and table loops. Paths follow the value of such a counter, so
// that an iteration the bound rules out is not explored.

// maxCounter bounds the values followed; beyond it the counter is unknown.
const maxCounter = 64

// counters returns the phis of fn that count: a constant on entry, plus a
// constant step on the back edge.
func counters(fn *ssa.Function) map[*ssa.Phi]int {
	out := map[*ssa.Phi]int{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			phi, ok := instr.(*ssa.Phi)
			if !ok {
				break
			}
			if isCounterPhi(phi) && len(out) < 4 {
				out[phi] = len(out)
			}
		}
	}
	// Flags that a branch tests, and the flags they merge.
	var work []*ssa.Phi
	for _, b := range fn.Blocks {
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond := ifi.Cond
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond = not.X
		}
		if phi, ok := cond.(*ssa.Phi); ok && isFlagPhi(phi) {
			work = append(work, phi)
		}
	}
	flags := 0
	for len(work) > 0 && flags < 8 {
		phi := work[len(work)-1]
		work = work[:len(work)-1]
		if _, ok := out[phi]; ok {
			continue
		}
		out[phi] = len(out)
		flags++
		for _, e := range phi.Edges {
			if p, ok := e.(*ssa.Phi); ok && isFlagPhi(p) {
				work = append(work, p)
			}
		}
	}
	return out
}

func isCounterPhi(phi *ssa.Phi) bool {
	consts, steps := 0, 0
	for _, e := range phi.Edges {
		switch e := e.(type) {
		case *ssa.Const:
			if e.Value == nil || e.Value.Kind() != constant.Int {
				return false
			}
			consts++
		case *ssa.BinOp:
			k, ok := e.Y.(*ssa.Const)
			if e.Op != token.ADD || e.X != phi || !ok || k.Value == nil || k.Value.Kind() != constant.Int {
				return false
			}
			steps++
		default:
			return false
		}
	}
	return consts >= 1 && steps >= 1 && boundedByConst(phi)
}

// isFlagPhi reports whether phi is a bool variable assigned only
// constants (`locked := false; … locked = true`), through other phis.
func isFlagPhi(phi *ssa.Phi) bool {
	b, ok := phi.Type().Underlying().(*types.Basic)
	if !ok || b.Kind() != types.Bool {
		return false
	}
	for _, e := range phi.Edges {
		switch e.(type) {
		case *ssa.Const, *ssa.Phi:
			// Constants, or other phis of the same (bool) type: a
			// merge of flags is a flag too.
		default:
			return false
		}
	}
	return true
}

// boundedByConst reports whether a branch compares the counter with a
// constant bound (`i < 3`): a loop bounded by an unknown would only
// multiply states up to maxCounter.
func boundedByConst(phi *ssa.Phi) bool {
	for _, ref := range *phi.Referrers() {
		cmp, ok := ref.(*ssa.BinOp)
		if !ok {
			continue
		}
		switch cmp.Op {
		case token.LSS, token.LEQ, token.GTR, token.GEQ:
		default:
			continue
		}
		k, ok := cmp.Y.(*ssa.Const)
		if !ok {
			k, ok = cmp.X.(*ssa.Const)
		}
		if ok && k.Value != nil && k.Value.Kind() == constant.Int {
			if v, exact := constant.Int64Val(k.Value); exact && v >= -maxCounter && v <= maxCounter {
				return true
			}
		}
	}
	return false
}

func ctrGet(s string, i int) (int64, bool) {
	for _, kv := range strings.Split(s, ";") {
		k, v, ok := strings.Cut(kv, "=")
		if ok && k == strconv.Itoa(i) {
			n, err := strconv.ParseInt(v, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

func ctrSet(s string, i int, v int64, known bool) string {
	var kvs []string
	for _, kv := range strings.Split(s, ";") {
		if kv == "" || strings.HasPrefix(kv, strconv.Itoa(i)+"=") {
			continue
		}
		kvs = append(kvs, kv)
	}
	if known && v >= -maxCounter && v <= maxCounter {
		kvs = append(kvs, strconv.Itoa(i)+"="+strconv.FormatInt(v, 10))
	}
	sort.Strings(kvs)
	return strings.Join(kvs, ";")
}

// ctrValue evaluates v from the counters' known values: a counter, or a
// constant.
func ctrValue(v ssa.Value, ctr map[*ssa.Phi]int, s string) (int64, bool) {
	switch v := v.(type) {
	case *ssa.Const:
		if v.Value != nil && v.Value.Kind() == constant.Int {
			return v.Int64(), true
		}
		if v.Value != nil && v.Value.Kind() == constant.Bool {
			if constant.BoolVal(v.Value) {
				return 1, true
			}
			return 0, true
		}
	case *ssa.Phi:
		if i, ok := ctr[v]; ok {
			return ctrGet(s, i)
		}
	case *ssa.BinOp:
		if v.Op == token.ADD {
			x, ok1 := ctrValue(v.X, ctr, s)
			y, ok2 := ctrValue(v.Y, ctr, s)
			return x + y, ok1 && ok2
		}
	}
	return 0, false
}

// ctrEdge updates the counters on the edge from b to b.Succs[i] and
// reports whether the edge is feasible with their values.
func ctrEdge(s state, b *ssa.BasicBlock, i int, ctr map[*ssa.Phi]int) state {
	if len(ctr) == 0 {
		return s
	}
	if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
		// A flag: if locked, if !locked.
		cond, neg := ifi.Cond, false
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond, neg = not.X, true
		}
		if phi, ok := cond.(*ssa.Phi); ok {
			if idx, ok := ctr[phi]; ok {
				if v, known := ctrGet(s.ctrs, idx); known && ((v != 0) != neg) != (i == 0) {
					s.dead = true
					return s
				}
			}
		}
		if cmp, ok := ifi.Cond.(*ssa.BinOp); ok {
			x, ok1 := ctrValue(cmp.X, ctr, s.ctrs)
			y, ok2 := ctrValue(cmp.Y, ctr, s.ctrs)
			if ok1 && ok2 {
				var holds bool
				switch cmp.Op {
				case token.LSS:
					holds = x < y
				case token.LEQ:
					holds = x <= y
				case token.GTR:
					holds = x > y
				case token.GEQ:
					holds = x >= y
				case token.EQL:
					holds = x == y
				case token.NEQ:
					holds = x != y
				default:
					goto phis
				}
				if holds != (i == 0) {
					s.dead = true
					return s
				}
			}
		}
	}
phis:
	succ := b.Succs[i]
	pred := -1
	for j, p := range succ.Preds {
		if p == b {
			pred = j
		}
	}
	if pred < 0 {
		return s
	}
	next := s.ctrs
	for _, instr := range succ.Instrs {
		phi, ok := instr.(*ssa.Phi)
		if !ok {
			break
		}
		idx, ok := ctr[phi]
		if !ok {
			continue
		}
		v, known := ctrValue(phi.Edges[pred], ctr, s.ctrs)
		next = ctrSet(next, idx, v, known)
	}
	s.ctrs = next
	return s
}
