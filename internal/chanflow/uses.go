// Package chanflow follows one channel through the SSA form of a function:
// where it is received from, sent on, closed, handed to goroutines and
// closures, or lost to the analysis. The undrainedchan and lostsend passes
// are both questions about these uses along the paths of a CFG.
package chanflow

import (
	"go/token"
	"go/types"

	"golang.org/x/tools/go/ssa"
)

// UseKind says what an instruction does with a channel.
type UseKind int

const (
	// Recv is a blocking receive (`<-ch`, `v, ok := <-ch`, range).
	Recv UseKind = iota
	// SelectRecv is a receive case of a select statement.
	SelectRecv
	// Send is a blocking send statement.
	Send
	// SelectSend is a send case of a select statement.
	SelectSend
	// Close is close(ch).
	Close
	// Capture binds the channel, or the variable that holds it, into a
	// closure; Closure and Bound say which closure and which free variable.
	Capture
	// Arg passes the channel to a call, go or defer statement with a static
	// callee that has a body in this package; Callee and Index say where.
	Arg
	// Return returns the channel from the function (Index is the result).
	Return
	// Called calls the value (a function such as a context's cancel) in a
	// call, go or defer statement.
	Called
	// Harmless uses neither release nor keep the channel: len, cap,
	// comparisons, debug references.
	Harmless
	// Escape is any other use: stored in the heap, converted to an
	// interface, passed to an unknown function, merged in a phi. After it
	// the analysis cannot tell who receives.
	Escape
)

// Use is one instruction using the channel.
type Use struct {
	Kind  UseKind
	Instr ssa.Instruction
	// Value is the alias of the channel that the instruction uses.
	Value ssa.Value
	// Closure and Bound are set for Capture: the closure's function and the
	// free variable the channel (or its variable, when Bound is a pointer)
	// is bound to.
	Closure *ssa.Function
	Bound   *ssa.FreeVar
	// Callee and Index are set for Arg (the parameter index) and Return
	// (the result index).
	Callee *ssa.Function
	Index  int
	// Case is the select case index for SelectRecv and SelectSend.
	Case int
}

// Uses returns every use of the channel (or other value) held by root inside fn, following
// the aliases that keep it the same channel: conversions between channel
// types and a local variable that is assigned root once and never
// reassigned. It does not descend into closures: a Capture use names the
// closure, and ClosureRoots turns it into roots inside the closure.
func Uses(root ssa.Value) []Use {
	var uses []Use
	seen := map[ssa.Value]bool{}
	var visit func(v ssa.Value)
	visit = func(v ssa.Value) {
		if seen[v] {
			return
		}
		seen[v] = true
		refs := v.Referrers()
		if refs == nil {
			return
		}
		for _, instr := range *refs {
			u := classify(v, instr, visit)
			if u.Kind >= 0 {
				uses = append(uses, u)
			}
		}
	}
	visit(root)
	return uses
}

// skipUse marks an instruction that only forwards the channel to an alias
// already visited.
const skipUse UseKind = -1

func classify(v ssa.Value, instr ssa.Instruction, visit func(ssa.Value)) Use {
	u := Use{Kind: Escape, Instr: instr, Value: v}
	switch instr := instr.(type) {
	case *ssa.DebugRef:
		u.Kind = Harmless
	case *ssa.ChangeType:
		visit(instr)
		u.Kind = skipUse
	case *ssa.UnOp:
		switch instr.Op {
		case token.ARROW:
			u.Kind = Recv
		case token.MUL:
			// A load from the variable that holds the channel.
			if isSingleAssignVar(v) {
				visit(instr)
				u.Kind = skipUse
			}
		}
	case *ssa.Store:
		if instr.Val == v && isSingleAssignVar(instr.Addr) {
			visit(instr.Addr)
			u.Kind = skipUse
		} else if instr.Addr == v {
			// The one store that fills the variable we follow.
			u.Kind = skipUse
		}
	case *ssa.BinOp:
		if instr.Op == token.EQL || instr.Op == token.NEQ {
			u.Kind = Harmless
		}
	case *ssa.Send:
		if instr.Chan == v && instr.X != v {
			u.Kind = Send
		}
	case *ssa.Select:
		u.Kind = Escape
		for i, st := range instr.States {
			if st.Chan == v && st.Send != v {
				u.Case = i
				if st.Dir == types.RecvOnly {
					u.Kind = SelectRecv
				} else {
					u.Kind = SelectSend
				}
			}
		}
	case *ssa.MakeClosure:
		fn := instr.Fn.(*ssa.Function)
		for i, b := range instr.Bindings {
			if b == v && i < len(fn.FreeVars) {
				u.Kind = Capture
				u.Closure = fn
				u.Bound = fn.FreeVars[i]
			}
		}
	case *ssa.Return:
		for i, r := range instr.Results {
			if r == v {
				u.Kind = Return
				u.Index = i
			}
		}
	case ssa.CallInstruction:
		u = classifyCall(u, v, instr.Common())
	}
	return u
}

func classifyCall(u Use, v ssa.Value, call *ssa.CallCommon) Use {
	if b, ok := call.Value.(*ssa.Builtin); ok {
		switch b.Name() {
		case "close":
			u.Kind = Close
		case "len", "cap":
			u.Kind = Harmless
		}
		return u
	}
	if call.Value == v && !call.IsInvoke() {
		u.Kind = Called
		return u
	}
	callee := call.StaticCallee()
	if callee == nil {
		return u
	}
	for i, a := range call.Args {
		if a == v {
			u.Kind = Arg
			u.Callee = callee
			u.Index = i
		}
	}
	return u
}

// isSingleAssignVar reports whether v is a local variable (an Alloc) that
// is stored to exactly once and otherwise only loaded or captured, so that
// every load yields the same channel.
func isSingleAssignVar(v ssa.Value) bool {
	switch v := v.(type) {
	case *ssa.Alloc:
		return StoredOnce(v) != nil
	case *ssa.FreeVar:
		// A captured variable: the creator checked it is assigned once; the
		// closure must not assign it either.
		if _, ok := v.Type().Underlying().(*types.Pointer); !ok {
			return false
		}
		refs := v.Referrers()
		if refs == nil {
			return true
		}
		for _, r := range *refs {
			if !onlyReads(r) {
				return false
			}
		}
		return true
	}
	return false
}

// MadeChans returns the channels funcs make, in the order of the functions
// and of their blocks: the roots of the checks of a channel a function
// makes. (The function of each is its Parent.)
func MadeChans(funcs []*ssa.Function) []*ssa.MakeChan {
	var made []*ssa.MakeChan
	for _, fn := range funcs {
		for _, b := range fn.Blocks {
			for _, instr := range b.Instrs {
				if mc, ok := instr.(*ssa.MakeChan); ok {
					made = append(made, mc)
				}
			}
		}
	}
	return made
}

// StoredOnce returns the one value stored in a local variable that is
// otherwise only loaded or captured, or nil: every load of it, in the
// function or in a closure that captures it, yields that value. (A
// closure that assigns the variable stores through its free variable, not
// the Alloc; callers that follow loads into closures check that there.)
func StoredOnce(a *ssa.Alloc) ssa.Value {
	refs := a.Referrers()
	if refs == nil {
		return nil
	}
	var val ssa.Value
	for _, r := range *refs {
		if st, ok := r.(*ssa.Store); ok {
			if st.Addr != a || val != nil {
				return nil
			}
			val = st.Val
		} else if !onlyReads(r) {
			return nil
		}
	}
	return val
}

// onlyReads reports whether a use of a variable's address leaves the
// variable as it is: a load, a capture by a closure, a debug reference.
func onlyReads(r ssa.Instruction) bool {
	switch r := r.(type) {
	case *ssa.UnOp:
		return r.Op == token.MUL
	case *ssa.MakeClosure, *ssa.DebugRef:
		return true
	}
	return false
}

// ClosureRoot returns the value inside the closure of a Capture use from
// which Uses finds the closure's own uses of the channel: the free variable
// itself, which for a captured variable is a pointer whose loads are the
// channel. It returns nil when the closure may reassign the variable.
func ClosureRoot(u Use) ssa.Value {
	if u.Kind != Capture || u.Bound == nil {
		return nil
	}
	if _, isPtr := u.Bound.Type().Underlying().(*types.Pointer); isPtr && !isSingleAssignVar(u.Bound) {
		return nil
	}
	return u.Bound
}

// ParamRoot returns the parameter of callee that receives the channel in an
// Arg use, or nil when callee has no body to follow.
func ParamRoot(u Use) ssa.Value {
	if u.Kind != Arg || u.Callee == nil || u.Callee.Blocks == nil {
		return nil
	}
	idx := u.Index
	if len(u.Callee.Params) != len(u.Instr.(ssa.CallInstruction).Common().Args) {
		// A bound method value: the receiver is not among Args.
		return nil
	}
	if idx >= len(u.Callee.Params) {
		return nil
	}
	return u.Callee.Params[idx]
}
