package missingunlock

import (
	"go/constant"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chansummary"
	"github.com/leaklint/leaklint/internal/lockflow"
)

// recordedHandover reports whether the lock key that fn's paths keep held
// is handed over through a record: fn writes a field or a global (a flag
// such as closemuScanHold, a count such as forking) and another function
// of the package unlocks a lock of the same type-level name, which it did
// not take itself, only under a test of that same field or global. The
// write must be able to reach a return that keeps the lock. The hold
// outlives fn by design, and the record tells its releaser that it is
// there; a path that keeps it is not shown to leak it.
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
	var rets []*ssa.BasicBlock
	for _, h := range r.holding[key] {
		rets = append(rets, h.ret.Block())
	}
	written := c.recordsWritten(r.fn, rets)
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

// recordsWritten names the fields and globals fn stores to on a way to
// one of the blocks rets: by assignment, or through a method of an atomic
// value that changes it.
func (c *checker) recordsWritten(fn *ssa.Function, rets []*ssa.BasicBlock) map[string]bool {
	out := map[string]bool{}
	namer := lockflow.NewNamer(fn)
	note := func(addr ssa.Value, b *ssa.BasicBlock) {
		reaches := false
		for _, ret := range rets {
			if b == ret || reachesBlock(b, ret, nil) {
				reaches = true
			}
		}
		if !reaches {
			return
		}
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
				note(in.Addr, b)
			case *ssa.Call:
				if callee := in.Call.StaticCallee(); callee != nil && len(in.Call.Args) > 0 && atomicWrite[callee.Name()] && isAtomicMethod(callee) {
					note(in.Call.Args[0], b)
				}
			}
		}
	}
	return out
}

// atomicRead are the methods of sync/atomic's types whose result tells
// the value the field held.
var atomicRead = map[string]bool{"Load": true, "Swap": true, "CompareAndSwap": true}

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
		if callee := v.Call.StaticCallee(); callee != nil && atomicRead[callee.Name()] && isAtomicMethod(callee) && len(v.Call.Args) > 0 {
			if k, ok := namer.Of(v.Call.Args[0]); ok && records[k.Type] {
				return true
			}
		}
	}
	return false
}

// diesWithFailedTest reports whether the lock key kept held on every
// path of hx belongs to an object the function created and gave to no
// other goroutine, and each of those paths reports a test failure just
// before it returns: the failed test ends, the object with it, and no one
// is left to lock it again.
func (c *checker) diesWithFailedTest(r *funcResult, key string) bool {
	root, rest := lockflow.Root(key)
	v := r.fresh[root]
	if v == nil || strings.Contains(rest, "*") || handedOn(v, 0) {
		return false
	}
	hx := r.holding[key]
	for _, h := range hx {
		if !reportsFailure(h.ret.Block()) {
			return false
		}
	}
	return len(hx) > 0
}

// handedOn reports whether the object v points to may reach another
// goroutine or outlive the function: it is started with, captured by a
// closure, stored, sent, returned, or merged with other values. Lending it
// to a call is not handing it on.
func handedOn(v ssa.Value, depth int) bool {
	if depth > 8 {
		return true
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.FieldAddr, *ssa.IndexAddr:
			if handedOn(r.(ssa.Value), depth+1) {
				return true
			}
		case *ssa.MakeInterface, *ssa.ChangeType:
			if handedOn(r.(ssa.Value), depth+1) {
				return true
			}
		case *ssa.Store:
			// Put in a local array or struct (the slice of a variadic
			// call) it goes where that goes.
			if r.Val == v && !storedLocally(r.Addr, depth) {
				return true
			}
		case *ssa.Slice:
			if handedOn(r, depth+1) {
				return true
			}
		case *ssa.UnOp, *ssa.DebugRef:
		case *ssa.Call, *ssa.Defer:
		default:
			// *ssa.Go, *ssa.MakeClosure, *ssa.Send, *ssa.Return,
			// *ssa.Phi, slices and maps: it goes where this function
			// cannot follow it.
			return true
		}
	}
	return false
}

// storedLocally reports whether addr is an element or field of a value the
// function allocated and does not hand on.
func storedLocally(addr ssa.Value, depth int) bool {
	for range 4 {
		switch a := addr.(type) {
		case *ssa.IndexAddr:
			addr = a.X
		case *ssa.FieldAddr:
			addr = a.X
		case *ssa.Alloc:
			return !handedOn(a, depth+1)
		default:
			return false
		}
	}
	return false
}

// failureReports are the methods of testing's T, B, F and TB that fail
// or end a test.
var failureReports = map[string]bool{"Error": true, "Errorf": true, "Fatal": true, "Fatalf": true, "Fail": true, "FailNow": true}

// reportsFailure reports whether every path to block b calls a testing
// method that fails the test: b or a block that dominates it does.
func reportsFailure(b *ssa.BasicBlock) bool {
	for ; b != nil; b = b.Idom() {
		for _, instr := range b.Instrs {
			call, ok := instr.(*ssa.Call)
			if !ok {
				continue
			}
			var obj types.Object
			if call.Call.IsInvoke() {
				obj = call.Call.Method
			} else if callee := call.Call.StaticCallee(); callee != nil {
				obj = callee.Object()
			}
			if obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == "testing" && failureReports[obj.Name()] {
				return true
			}
		}
	}
	return false
}

// closedWhenFlagged reports whether a receive cannot block because a flag
// says the channel is closed: it runs only when a bool field is true, and
// every function of the package that sets the field also closes the
// channel, both under the lock t that the receiving path holds. Seen under
// that lock, the flag means the close has happened (wantConn.cancel
// receiving from the result tryDeliver filled and closed).
func (c *checker) closedWhenFlagged(recv ssa.Instruction, chans []ssa.Value, kinds []chansummary.OpKind, t string) bool {
	if _, ok := recv.(*ssa.UnOp); !ok || len(chans) != 1 || kinds[0] != chansummary.Recv {
		return false
	}
	f := c.chans.FieldOf(chans[0])
	if f == nil {
		return false
	}
	fn := recv.Parent()
	namer := lockflow.NewNamer(fn)
	flag := ""
	for d := recv.Block().Idom(); d != nil && flag == ""; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, want := ifi.Cond, 0 // the successor taken when the flag is true
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond, want = not.X, 1
		}
		load, ok := cond.(*ssa.UnOp)
		if !ok || load.Op != token.MUL {
			continue
		}
		if _, ok := load.X.(*ssa.FieldAddr); !ok {
			continue
		}
		k, ok := namer.Of(load.X)
		if !ok || k.Type == "" {
			continue
		}
		if reachesBlock(d.Succs[want], recv.Block(), d) && !reachesBlock(d.Succs[1-want], recv.Block(), d) {
			flag = k.Type
		}
	}
	if flag == "" {
		return false
	}
	closes := map[*ssa.Function]bool{}
	for _, o := range f.Ops {
		if o.Kind == chansummary.Close {
			closes[o.Fn] = true
		}
	}
	for _, g := range c.funcs {
		var gn *lockflow.Namer
		for _, b := range g.Blocks {
			for _, instr := range b.Instrs {
				st, ok := instr.(*ssa.Store)
				if !ok {
					continue
				}
				if _, ok := st.Addr.(*ssa.FieldAddr); !ok {
					continue
				}
				if k, ok := st.Val.(*ssa.Const); ok && k.Value != nil && k.Value.Kind() == constant.Bool && !constant.BoolVal(k.Value) {
					continue // clearing the flag
				}
				if gn == nil {
					gn = lockflow.NewNamer(g)
				}
				if k, ok := gn.Of(st.Addr); !ok || k.Type != flag {
					continue
				}
				if !closes[g] || len(c.analyze(g).lockAt[t]) == 0 {
					return false
				}
			}
		}
	}
	return true
}
