package lostsend

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// count is a number of sends or receives along a path: exact up to
// maxExact, then many, which also stands for "once per iteration of a
// loop whose trip count is unknown".
type count uint8

const (
	maxExact count = 16
	many     count = 255
)

func (a count) add(b count) count {
	if a == many || b == many || a+b > maxExact {
		return many
	}
	return a + b
}

// exceeds reports whether sends can outnumber recvs plus the buffer. Many
// receives are assumed to match many sends: both come from loops whose
// trip counts the pass cannot compare.
func (a count) exceeds(recvs count, buffer int64) bool {
	if a == 0 || recvs == many {
		return false
	}
	if a == many {
		return true
	}
	return int64(a) > int64(recvs)+buffer
}

// sendCount is what one goroutine (or a function it calls) does with the
// channel: the most blocking sends on one run, and where the first is.
type sendCount struct {
	max count
	at  token.Pos
	ok  bool // false when it also uses the channel in a way the pass cannot count
}

// sendsOf counts the blocking sends on the channel held by root, a free
// variable or parameter of the function that the goroutine runs.
func (c *checker) sendsOf(root ssa.Value, depth int) sendCount {
	if n, ok := c.sendMemo[root]; ok {
		if c.open[root] {
			// Recursion: the cycle adds nothing by itself here, but a
			// function that sends and recurses sends once per level.
			c.cyclic[root] = true
			c.hits = append(c.hits, root)
			return sendCount{ok: true}
		}
		return n
	}
	c.open[root] = true
	c.sendMemo[root] = sendCount{}
	hits := len(c.hits)
	n := c.countSends(root, depth)
	delete(c.open, root)
	inCycle := c.cyclic[root]
	for _, h := range c.hits[hits:] {
		if c.open[h] {
			// Part of a cycle whose head is still being counted: this
			// count lacks the head's sends, so it is not kept.
			inCycle = true
			delete(c.sendMemo, root)
		}
	}
	if inCycle && n.ok && n.max > 0 {
		n.max = many
	}
	if _, kept := c.sendMemo[root]; kept {
		c.sendMemo[root] = n
	}
	return n
}

func (c *checker) countSends(root ssa.Value, depth int) sendCount {
	var fn *ssa.Function
	switch r := root.(type) {
	case *ssa.FreeVar:
		fn = r.Parent()
	case *ssa.Parameter:
		fn = r.Parent()
	default:
		return sendCount{}
	}
	per := map[ssa.Instruction]count{}
	result := sendCount{ok: true}
	note := func(pos token.Pos) {
		if result.at == token.NoPos || pos < result.at {
			result.at = pos
		}
	}
	for _, u := range chanflow.Uses(root) {
		switch u.Kind {
		case chanflow.Harmless, chanflow.Close:
		case chanflow.Send:
			per[u.Instr] = 1
			note(u.Instr.Pos())
		case chanflow.SelectSend:
			// A select with another case or a default can give up.
			if sel := u.Instr.(*ssa.Select); sel.Blocking && len(sel.States) == 1 {
				per[u.Instr] = 1
				note(u.Instr.Pos())
			}
		case chanflow.Arg:
			if _, isCall := u.Instr.(*ssa.Call); !isCall {
				return sendCount{}
			}
			var n sendCount
			if u.Callee.Pkg != fn.Pkg {
				n = c.importedSends(u)
			} else if param := chanflow.ParamRoot(u); param != nil && depth > 0 {
				n = c.sendsOf(param, depth-1)
			}
			if !n.ok {
				return sendCount{}
			}
			if n.max > 0 {
				per[u.Instr] = n.max
				note(u.Instr.Pos())
			}
		default:
			return sendCount{}
		}
	}
	if len(per) == 0 {
		return result
	}
	loops := chanflow.Loops(fn)
	// The maximum is taken wherever the count grows, not only at exits: a
	// goroutine that loops forever sending never reaches one.
	flow := chanflow.Flow[count]{
		Instr: func(s count, instr ssa.Instruction) count {
			if n, ok := per[instr]; ok {
				if _, inLoop := loops[instr.Block()]; inLoop {
					s = many
				} else {
					s = s.add(n)
				}
				result.max = max(result.max, s)
			}
			return s
		},
		Exit:  func(count, ssa.Instruction) {},
		Prune: func(s count) bool { return s == many && result.max == many },
	}
	flow.RunEntry(fn, 0)
	return result
}

// sendsFact records, for a function's channel parameters (by SSA parameter
// index, a method's receiver being 0), how many blocking sends one call
// makes on each: a goroutine in another package that calls it is counted
// as if the sends were its own.
type sendsFact struct {
	Params []paramSends
}

type paramSends struct {
	Index int
	Max   uint8
}

func (*sendsFact) AFact() {}

func (f *sendsFact) String() string {
	parts := make([]string, len(f.Params))
	for i, p := range f.Params {
		n := fmt.Sprint(p.Max)
		if count(p.Max) == many {
			n = "many"
		}
		parts[i] = fmt.Sprintf("%d: %s", p.Index, n)
	}
	return "sends(" + strings.Join(parts, ", ") + ")"
}

// exportSends records the countable sends of this package's functions on
// their channel parameters.
func (c *checker) exportSends(funcs []*ssa.Function) {
	for _, fn := range funcs {
		obj, ok := fn.Object().(*types.Func)
		if !ok || fn.Parent() != nil || fn.Blocks == nil {
			continue
		}
		var f sendsFact
		for i, p := range fn.Params {
			ch, ok := p.Type().Underlying().(*types.Chan)
			if !ok || ch.Dir() == types.RecvOnly {
				continue
			}
			if n := c.sendsOf(p, c.cfg.Depth); n.ok {
				f.Params = append(f.Params, paramSends{Index: i, Max: uint8(n.max)})
			}
		}
		if len(f.Params) > 0 {
			c.pass.ExportObjectFact(obj, &f)
		}
	}
}

// importedSends counts the sends of another package's function on the
// channel of an Arg use, from its fact; without one they are unknown.
func (c *checker) importedSends(u chanflow.Use) sendCount {
	callee := u.Callee
	if o := callee.Origin(); o != nil {
		callee = o
	}
	obj, ok := callee.Object().(*types.Func)
	if !ok {
		return sendCount{}
	}
	sig := obj.Type().(*types.Signature)
	want := sig.Params().Len()
	if sig.Recv() != nil {
		want++
	}
	if len(u.Instr.(ssa.CallInstruction).Common().Args) != want {
		// A bound method value or an interface call: another numbering.
		return sendCount{}
	}
	var f sendsFact
	if !c.pass.ImportObjectFact(obj, &f) {
		return sendCount{}
	}
	for _, p := range f.Params {
		if p.Index == u.Index {
			n := sendCount{ok: true, max: count(p.Max)}
			if n.max > 0 {
				n.at = u.Instr.Pos()
			}
			return n
		}
	}
	return sendCount{}
}
