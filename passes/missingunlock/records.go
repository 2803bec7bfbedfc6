package missingunlock

import (
	"go/token"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/lockflow"
)

// recordedHandover reports whether the lock key that fn's paths keep held
// is handed over through a record: fn writes a field or a global (a flag
// such as closemuScanHold, a count such as forking) and another function
// of the package unlocks a lock of the same type-level name, which it did
// not take itself, only under a test of that same field or global. The hold outlives fn by design, and
// the record tells its releaser that it is there; a path that keeps it is
// not shown to leak it.
func (c *checker) recordedHandover(r *funcResult, key string) bool {
	typ := ""
	for _, h := range r.holding[key] {
		if h.site >= 0 && h.site < len(r.sites) {
			typ = r.keys[h.site].Type
		}
	}
	if typ == "" {
		return false
	}
	written := c.recordsWritten(r.fn)
	if len(written) == 0 {
		return false
	}
	for _, g := range c.funcs {
		if g == r.fn || g.Parent() == r.fn {
			continue
		}
		releases := c.analyze(g).sum.Releases
		if len(releases) == 0 {
			continue // g takes what it unlocks: not the releasing end
		}
		var namer *lockflow.Namer
		for _, b := range g.Blocks {
			for _, instr := range b.Instrs {
				ci, ok := instr.(*ssa.Call)
				if !ok {
					continue
				}
				if op, recv := lockOpOf(ci.Common()); op == opUnlock || op == opRUnlock {
					if namer == nil {
						namer = lockflow.NewNamer(g)
					}
					if k, ok := namer.Of(recv); !ok || k.Type != typ || !releases[k.Path] {
						continue
					}
					if guardedBy(namer, b, written) {
						return true
					}
				}
			}
		}
	}
	return false
}

// recordsWritten names the fields and globals fn stores to: by assignment,
// or through a method of an atomic value that changes it.
func (c *checker) recordsWritten(fn *ssa.Function) map[string]bool {
	out := map[string]bool{}
	namer := lockflow.NewNamer(fn)
	note := func(addr ssa.Value) {
		switch addr.(type) {
		case *ssa.FieldAddr, *ssa.Global:
			if k, ok := namer.Of(addr); ok && k.Type != "" {
				out[k.Type] = true
			}
		}
	}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Store:
				note(in.Addr)
			case *ssa.Call:
				if callee := in.Call.StaticCallee(); callee != nil && len(in.Call.Args) > 0 && atomicWrite[callee.Name()] && isAtomicMethod(callee) {
					note(in.Call.Args[0])
				}
			}
		}
	}
	return out
}

var atomicWrite = map[string]bool{"Store": true, "Add": true, "Swap": true, "CompareAndSwap": true, "And": true, "Or": true}

func isAtomicMethod(fn *ssa.Function) bool {
	obj := fn.Object()
	return fn.Signature.Recv() != nil && obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "sync/atomic"
}

// guardedBy reports whether block b runs only on one branch of a test that
// reads one of the records.
func guardedBy(namer *lockflow.Namer, b *ssa.BasicBlock, records map[string]bool) bool {
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok || !readsRecord(namer, ifi.Cond, records, 0) {
			continue
		}
		if reachesBlock(d.Succs[0], b, d) != reachesBlock(d.Succs[1], b, d) {
			return true
		}
	}
	return false
}

// readsRecord reports whether the value v is computed from a load of one
// of the records.
func readsRecord(namer *lockflow.Namer, v ssa.Value, records map[string]bool, depth int) bool {
	if depth > 6 {
		return false
	}
	switch v := v.(type) {
	case *ssa.UnOp:
		if v.Op == token.MUL {
			switch v.X.(type) {
			case *ssa.FieldAddr, *ssa.Global:
				if k, ok := namer.Of(v.X); ok && records[k.Type] {
					return true
				}
			}
		}
		return readsRecord(namer, v.X, records, depth+1)
	case *ssa.BinOp:
		return readsRecord(namer, v.X, records, depth+1) || readsRecord(namer, v.Y, records, depth+1)
	case *ssa.Call:
		if callee := v.Call.StaticCallee(); callee != nil && callee.Name() == "Load" && isAtomicMethod(callee) && len(v.Call.Args) > 0 {
			if k, ok := namer.Of(v.Call.Args[0]); ok && records[k.Type] {
				return true
			}
		}
	}
	return false
}
