package lostsend

import (
	"go/token"

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
		return n
	}
	// Recursion into the same root counts as unknown.
	c.sendMemo[root] = sendCount{}
	n := c.countSends(root, depth)
	c.sendMemo[root] = n
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
			param := chanflow.ParamRoot(u)
			if param == nil || depth <= 0 || u.Callee.Pkg != fn.Pkg {
				return sendCount{}
			}
			if _, isCall := u.Instr.(*ssa.Call); !isCall {
				return sendCount{}
			}
			n := c.sendsOf(param, depth-1)
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
