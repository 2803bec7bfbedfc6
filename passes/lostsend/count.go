package lostsend

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
)

// amount is a number of sends or receives: a constant plus a multiple of
// one trip count (k times the bound sym), or unknown (it depends on data
// the pass does not follow: how often a reader loop runs), or endless (a
// loop that never stops sending).
type amount struct {
	n   int64
	sym string // bound key; "" for none
	k   int64
	unk bool
	inf bool
	// many: a count the pass does not know but that follows a collection
	// or a channel (a range over a channel, a helper sending each element),
	// not data the goroutine reads: more than one, as likely as not.
	many bool
	// loop: some of it comes from a loop that ran its count.
	loop bool
	name string // the bound as written, for messages
}

// saturate keeps amounts finite, so that the set of path states stays
// small: beyond it a constant is unknown.
const saturate = 1 << 30

var (
	unknown = amount{unk: true}
	endless = amount{inf: true}
	several = amount{many: true}
)

func exactly(n int64) amount { return amount{n: n} }

// oneMore counts one more receive on a path, up to maxPart: beyond, a loop
// receives on and on, taken to be as many as were sent.
func oneMore(a amount) amount {
	a = a.add(exactly(1))
	if a.isConst() && a.n > maxPart {
		return several
	}
	return a
}

func (a amount) zero() bool { return a == amount{} }

// isConst reports a plain number.
func (a amount) isConst() bool { return !a.unk && !a.inf && !a.many && a.sym == "" }

func (a amount) add(b amount) amount {
	switch {
	case a.inf || b.inf:
		return endless
	case a.unk || b.unk:
		return unknown
	case a.many || b.many:
		return several
	case a.sym != "" && b.sym != "" && a.sym != b.sym:
		return unknown
	}
	r := amount{n: a.n + b.n, sym: a.sym, k: a.k + b.k, name: a.name, loop: a.loop || b.loop}
	if r.sym == "" {
		r.sym, r.name = b.sym, b.name
	}
	if r.n > saturate || r.k > saturate {
		return unknown
	}
	return r
}

// times is t runs of a: t constant multiplies, a symbolic t turns a
// constant into k·t.
func (a amount) times(t *bound) amount {
	switch {
	case a.zero():
		return a
	case a.inf:
		return endless
	case a.unk:
		return unknown
	case t == nil || a.many:
		return several
	case t.isK:
		if t.k == 0 {
			return amount{}
		}
		if a.n > saturate/t.k || a.k > saturate/t.k {
			return unknown
		}
		return amount{n: a.n * t.k, sym: a.sym, k: a.k * t.k, name: a.name, loop: true}
	case a.sym != "":
		return unknown
	}
	return amount{sym: t.key, k: a.n, name: t.label, loop: true}
}

// exceeds reports whether sends can be shown to outnumber recvs plus the
// buffer, on a path where recvs is a lower bound of what was received. A
// count the pass cannot bound is a leak only when nothing was received,
// the channel is unbuffered and a send may happen at all. A symbolic
// excess (n senders, one receive) is a leak only on an unbuffered channel:
// a buffer is the programmer's own bound on the senders.
func (s amount) exceeds(r amount, buffer int64) bool {
	switch {
	case s.zero() || r.unk:
		return false
	case s.inf:
		return !r.inf
	case s.unk:
		return r.zero() && buffer == 0
	case s.many:
		// Many sends against receives that a loop counted: taken to
		// match, as neither count is known. A buffer of 2 or more is
		// the programmer's count of them.
		return !r.loop && !r.many && !r.inf && buffer <= 1
	case r.inf || r.many:
		return false
	}
	if s.sym != "" && r.sym != "" && s.sym != r.sym {
		return false
	}
	sk, rk := s.k, int64(0)
	if r.sym == s.sym || s.sym == "" {
		rk = r.k
	}
	if s.sym == "" && r.sym != "" {
		return false // more receives as the bound grows
	}
	switch {
	case sk > rk:
		// A buffer of 2 or more is the programmer's count of senders.
		return buffer <= 1
	case sk < rk:
		return false
	}
	return s.n > r.n+buffer
}

// rank orders amounts for picking the sender to report: endless, unknown,
// symbolic, then by number.
func (a amount) rank() int64 {
	switch {
	case a.inf:
		return 3 * saturate
	case a.unk, a.many:
		return 3*saturate - 1
	case a.sym != "":
		return 2*saturate + a.k
	}
	return a.n
}

func (a amount) String() string {
	switch {
	case a.inf:
		return "endless"
	case a.unk:
		return "unknown"
	case a.many:
		return "many"
	case a.sym == "":
		return fmt.Sprint(a.n)
	case a.n == 0 && a.k == 1:
		return a.name
	case a.n == 0:
		return fmt.Sprintf("%d*%s", a.k, a.name)
	}
	return fmt.Sprintf("%d+%d*%s", a.n, a.k, a.name)
}

// sendCount is what one goroutine (or a function it calls) does with the
// channel: the most blocking sends on one run, and where the first is.
type sendCount struct {
	max amount
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
	if inCycle && n.ok && !n.max.zero() {
		n.max = several
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
	per := map[ssa.Instruction]amount{}
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
			if fillGuarded(u.Instr, root) {
				continue
			}
			per[u.Instr] = exactly(1)
			note(u.Instr.Pos())
		case chanflow.SelectSend:
			// A select with another case or a default can give up.
			if sel := u.Instr.(*ssa.Select); sel.Blocking && len(sel.States) == 1 && !fillGuarded(u.Instr, root) {
				per[u.Instr] = exactly(1)
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
			if n.max.sym != "" {
				// The helper's own bound, not one of this function.
				n.max = several
			}
			if !n.max.zero() {
				per[u.Instr] = n.max
				note(u.Instr.Pos())
			}
		default:
			return sendCount{}
		}
	}
	result.max = pathMax(fn, per)
	return result
}

// pathMax is the most that the instructions of fn in per send on one run.
// Counted along paths, a send and a return after it inside a loop is one
// send, and sends on exclusive branches do not add up. When a loop can
// repeat a send, the loop decides: a counted loop sends its trip count
// times, a loop with no way out sends without end, and any other (a
// reader loop, a retry loop) an unknown number of times.
func pathMax(fn *ssa.Function, per map[ssa.Instruction]amount) amount {
	if len(per) == 0 {
		return amount{}
	}
	const limit = 64
	weights := map[ssa.Instruction]int{}
	allConst := true
	for instr, a := range per {
		if !a.isConst() || a.n > limit {
			allConst = false
			break
		}
		weights[instr] = int(a.n)
	}
	if allConst {
		if n, ok := chanflow.MaxOnPath(fn, weights, limit); ok {
			return exactly(int64(n))
		}
	}
	nest := loopNest(fn, chanflow.Loops(fn))
	if nest.irreducible {
		return unknown
	}
	total := amount{}
	for instr, a := range per {
		l := nest.innermost[instr.Block()]
		switch {
		case l == nil:
			total = total.add(a)
		case l.parent == nil && l.trip != nil && everyRound(l, instr.Block()):
			total = total.add(a.times(l.trip))
		case l.parent == nil && l.trip != nil:
			// A send on some rounds only (`if err != nil { errc <- err }`
			// in a counted loop): how many depends on data.
			total = total.add(unknown)
		case endlessLoop(l):
			total = total.add(endless)
		case l.parent == nil && rangesChannel(l):
			total = total.add(a.times(nil))
		default:
			// A loop that ends on what it reads (a reader, a poller):
			// how often it sends depends on data.
			total = total.add(unknown)
		}
	}
	return total
}

// everyRound reports whether block b of loop l runs on every round that
// goes on to the next: it dominates each edge back to the header.
func everyRound(l *loop, b *ssa.BasicBlock) bool {
	latches := 0
	for _, p := range l.header.Preds {
		if l.body[p] {
			latches++
			if !b.Dominates(p) {
				return false
			}
		}
	}
	return latches > 0
}

// rangesChannel reports a loop whose every way out is a receive seeing its
// channel closed: `for v := range ch`, one value in, one round.
func rangesChannel(l *loop) bool {
	exits := 0
	for b := range l.body {
		for i, s := range b.Succs {
			if l.body[s] {
				continue
			}
			if !chanflow.ClosedEdge(b, i, func(ssa.Value) bool { return true }) {
				return false
			}
			exits++
		}
	}
	return exits > 0
}

// endlessLoop reports a loop that nothing but a call that never returns
// leaves: no edge out of it, no return in it.
func endlessLoop(l *loop) bool {
	for b := range l.body {
		for _, s := range b.Succs {
			if !l.body[s] {
				return false
			}
		}
		if len(b.Instrs) > 0 {
			switch b.Instrs[len(b.Instrs)-1].(type) {
			case *ssa.Return, *ssa.Panic:
				return false
			}
		}
	}
	return true
}

// sendsFact records, for a function's channel parameters (by SSA parameter
// index, a method's receiver being 0), how many blocking sends one call
// makes on each: a goroutine in another package that calls it is counted
// as if the sends were its own.
type sendsFact struct {
	Params []paramSends
}

// factMany is the Max of a parameter with more sends than a fact
// records exactly, or an unknown number of them.
const factMany = 255

func toFact(a amount) uint8 {
	if a.isConst() && a.n < factMany {
		return uint8(a.n)
	}
	return factMany
}

func fromFact(m uint8) amount {
	if m == factMany {
		return several
	}
	return exactly(int64(m))
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
		if p.Max == factMany {
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
				f.Params = append(f.Params, paramSends{Index: i, Max: toFact(n.max)})
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
			n := sendCount{ok: true, max: fromFact(p.Max)}
			if !n.max.zero() {
				n.at = u.Instr.Pos()
			}
			return n
		}
	}
	return sendCount{}
}
