package lostsend

import (
	_ "embed"
	"flag"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/astutil"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/analysisutil"
	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/chansummary"
	"github.com/leaklint/leaklint/internal/directive"
	"github.com/leaklint/leaklint/internal/lazyssa"
)

//go:embed doc.go
var doc string

// Config configures a lostsend Analyzer.
type Config struct {
	// Depth bounds how many calls deep the pass follows a channel that a
	// goroutine passes to functions of the same package to send on it; 0
	// counts only the sends written in the goroutine itself.
	Depth int
	// Root tells a package being checked from a dependency analysed only
	// for its facts; nil checks every package (see analysisutil.RootFunc).
	Root analysisutil.RootFunc
}

// DefaultDepth is the Depth of Analyzer: deep enough for a goroutine that
// calls a helper that calls the function sending, cheap on any package.
const DefaultDepth = 3

// Analyzer reports lost sends, following sends DefaultDepth calls deep.
var Analyzer = New(Config{Depth: DefaultDepth})

// New returns a lostsend Analyzer whose flags are bound to its own copy of
// cfg.
func New(cfg Config) *analysis.Analyzer {
	c := cfg
	a := &analysis.Analyzer{
		Name:      "lostsend",
		Doc:       analysisutil.MustExtractDoc(doc, "lostsend"),
		URL:       "https://github.com/leaklint/leaklint/tree/main/passes/lostsend",
		Requires:  []*analysis.Analyzer{inspect.Analyzer, lazyssa.Analyzer, chansummary.Analyzer},
		FactTypes: []analysis.Fact{new(lifecycleFact), new(sendsFact), new(stopsEarlyFact)},
		Run:       func(pass *analysis.Pass) (any, error) { return run(pass, &c) },
	}
	a.Flags.Init("lostsend", flag.ContinueOnError)
	a.Flags.Var(depthFlag{&c.Depth}, "depth", "how many calls deep to follow a channel into same-package functions that send on it (0 or more)")
	return a
}

// depthFlag is an int flag that rejects a negative depth, which would
// otherwise read as "follow nothing" without saying so.
type depthFlag struct{ n *int }

func (f depthFlag) String() string {
	if f.n == nil {
		return ""
	}
	return strconv.Itoa(*f.n)
}

func (f depthFlag) Set(s string) error {
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return fmt.Errorf("-lostsend.depth %q: want a whole number of calls, 0 or more", s)
	}
	*f.n = n
	return nil
}

func run(pass *analysis.Pass, cfg *Config) (any, error) {
	// Only a go statement can start a sender; most packages have none.
	ins := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
	root := cfg.Root.Root(pass)
	if !root && !mayExportFacts(pass, ins) {
		return nil, nil
	}
	hasGo := false
	ins.Preorder([]ast.Node{(*ast.GoStmt)(nil)}, func(ast.Node) { hasGo = true })
	// Without one, there is still work when a function sends on a channel
	// parameter (a helper whose sends a goroutine elsewhere may make: its
	// fact is needed), receives from one (a consumer that may stop early:
	// its fact too) or an imported method starts a goroutine that only
	// its Stop ends.
	hasChanParam := false
	ins.Preorder([]ast.Node{(*ast.FuncType)(nil)}, func(n ast.Node) {
		for _, p := range n.(*ast.FuncType).Params.List {
			if _, ok := pass.TypesInfo.TypeOf(p.Type).(*types.Chan); ok {
				hasChanParam = true
			}
		}
	})
	fieldChans := pass.ResultOf[chansummary.Analyzer].(*chansummary.Lazy)
	if !hasGo && !hasChanParam && !importsLifecycle(pass) {
		// No goroutine starts here: building SSA only for the field
		// channels would cost more than the rare leak it could find.
		return nil, nil
	}
	c := &checker{
		pass:     pass,
		cfg:      cfg,
		sendMemo: map[ssa.Value]sendCount{},
		open:     map[ssa.Value]bool{},
		cyclic:   map[ssa.Value]bool{},
		ignores:  directive.CollectIgnores(pass.Fset, pass.Files),
	}
	funcs := pass.ResultOf[lazyssa.Analyzer].(*lazyssa.Lazy).Build().SrcFuncs
	if !root {
		// A dependency: only the facts its importers read, in the order
		// a checked package computes them.
		c.exportSends(funcs)
		c.exportStopsEarly(funcs)
		c.ctxLifecycles(funcs, c.lifecycles(funcs))
		return nil, nil
	}
	// The checks of a channel a function makes each take every such
	// channel in turn, one check after the other, in a fixed order.
	made := chanflow.MadeChans(funcs)
	each := func(check func(*ssa.MakeChan)) {
		for _, mc := range made {
			check(mc)
		}
	}
	c.exportSends(funcs)
	c.checkFields(fieldChans.Summary())
	each(c.checkUntouched)
	each(c.checkFilled)
	c.checkFilledFields(funcs)
	c.exportStopsEarly(funcs)
	each(c.checkConsumer)
	each(c.checkLateClose)
	c.checkStopDrains(funcs)
	each(c.checkUnsignalled)
	lifecycles := c.lifecycles(funcs)
	c.ctxLifecycles(funcs, lifecycles)
	c.checkLifecycles(funcs, lifecycles)
	c.checkConstructed(funcs, lifecycles)
	each(c.checkChan)
	return nil, nil
}

// importsLifecycle reports whether an imported package has a method that
// starts a goroutine released by another method.
func importsLifecycle(pass *analysis.Pass) bool {
	imported := map[*types.Package]bool{}
	for _, imp := range pass.Pkg.Imports() {
		imported[imp] = true
	}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*lifecycleFact); ok && imported[f.Object.Pkg()] {
			return true
		}
	}
	return false
}

type checker struct {
	pass     *analysis.Pass
	cfg      *Config
	sendMemo map[ssa.Value]sendCount
	open     map[ssa.Value]bool // roots whose sends are being counted
	cyclic   map[ssa.Value]bool // roots reached again while counted
	hits     []ssa.Value        // the roots reached again, in order
	ignores  *directive.Ignores
}

// sender is a goroutine that sends on the channel.
type sender struct {
	start ssa.Instruction // the go statement
	sends amount          // at most, on one run of the goroutine
	at    token.Pos       // the send (or the call that sends) to report
	// body is the closure the goroutine runs, nil for a function called
	// by the go statement; sendInstrs are its sends (and calls that send).
	body       *ssa.Function
	sendInstrs []ssa.Instruction
	// args maps the parameters of a function started directly (go
	// f(&wg, ch)) to the values the go statement passes.
	args map[ssa.Value]ssa.Value
	// exclusive: an atomic test lets only one of the goroutines send.
	exclusive bool
	// paced: it sends once per value it takes from a channel that the
	// creator feeds (see pacedByCreator).
	paced bool
}

func (c *checker) checkChan(mc *ssa.MakeChan) {
	fn := mc.Parent()
	buffer, ok := constInt(mc.Size)
	if !ok {
		// A computed capacity is the programmer's own count of senders,
		// unless it provably is not one (see computedWindow).
		if !computedWindow(mc) {
			return
		}
		buffer = 0
	}
	var senders []sender
	var rangers []ssa.Instruction // receives of goroutines that range over the channel
	var creatorSends, closes []ssa.Instruction
	recvs := map[ssa.Instruction]bool{}
	selectCases := map[*ssa.Select]map[int]bool{}
	aliases := map[ssa.Value]bool{mc: true}
	for _, u := range chanflow.Uses(mc) {
		aliases[u.Value] = true
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Send:
			creatorSends = append(creatorSends, u.Instr)
		case chanflow.Close:
			closes = append(closes, u.Instr)
		case chanflow.Recv:
			recvs[u.Instr] = true
		case chanflow.SelectRecv:
			sel := u.Instr.(*ssa.Select)
			if sel.Blocking && len(sel.States) == 1 {
				recvs[u.Instr] = true
				continue
			}
			if selectCases[sel] == nil {
				selectCases[sel] = map[int]bool{}
			}
			selectCases[sel][u.Case] = true
		case chanflow.Capture:
			g, ok := goClosure(u)
			if !ok {
				return
			}
			root := chanflow.ClosureRoot(u)
			if root == nil {
				return
			}
			if r := rangeRecv(root); r != nil {
				rangers = append(rangers, r)
				continue
			}
			n := c.sendsOf(root, c.cfg.Depth)
			if !n.ok {
				return
			}
			sends := sendInstrs(root)
			snd := sender{start: g, sends: n.max, at: n.at, body: root.Parent(), sendInstrs: sends, exclusive: exclusiveSends(sends)}
			snd.paced = snd.sends.many && pacedByCreator(fn, snd, closureBinding(g))
			senders = append(senders, snd)
		case chanflow.Arg:
			g, isGo := u.Instr.(*ssa.Go)
			if !isGo {
				return
			}
			var n sendCount
			snd := sender{start: g, at: g.Pos()}
			if root := chanflow.ParamRoot(u); root != nil {
				n = c.sendsOf(root, c.cfg.Depth)
				snd.body, snd.sendInstrs = u.Callee, sendInstrs(root)
				snd.args = map[ssa.Value]ssa.Value{}
				for i, p := range u.Callee.Params {
					snd.args[p] = g.Call.Args[i]
				}
			} else if u.Callee.Pkg != fn.Pkg {
				n = c.importedSends(u)
			}
			if !n.ok {
				return
			}
			// The sends are in another function: point at the go statement.
			snd.sends = n.max
			snd.paced = snd.sends.many && pacedByCreator(fn, snd, argBinding(snd.args))
			senders = append(senders, snd)
		default:
			// Sent, closed or received elsewhere by the creator, or out of
			// sight: the receiver may be anyone.
			return
		}
	}
	if !receivesInLoop(fn, recvs, selectCases) {
		// The creator takes a fixed count of values: how many the paced
		// goroutines send is not known to exceed it (a loop that receives
		// and leaves early is the creator's own sign that more were due).
		for i := range senders {
			if senders[i].paced {
				senders[i].sends = unknown
			}
		}
	}
	switch {
	case len(rangers) > 0:
		// Workers ranging over the channel: the creator feeds them and must
		// close it. Mixed with other senders or receivers the roles blur.
		if len(senders) == 0 && len(recvs) == 0 && len(selectCases) == 0 {
			c.checkClosed(fn, mc, rangers, closes)
		}
	case len(senders) > 0 && len(creatorSends) == 0 && len(closes) == 0:
		c.checkPaths(fn, mc, buffer, senders, recvLoop{recvs: recvs, selectCases: selectCases, aliases: aliases, signals: map[ssa.Value]bool{}, alt: alternativesOf(fn, mc, senders)})
	}
}

// sendInstrs lists the instructions of the goroutine that send on root or
// pass it to a function that may.
func sendInstrs(root ssa.Value) []ssa.Instruction {
	var out []ssa.Instruction
	for _, u := range chanflow.Uses(root) {
		switch u.Kind {
		case chanflow.Send, chanflow.SelectSend, chanflow.Arg:
			out = append(out, u.Instr)
		}
	}
	return out
}

// rangeRecv returns the receive of a goroutine whose only use of the
// channel (root) is to receive from it in a loop, as `for v := range ch`
// does, or nil.
func rangeRecv(root ssa.Value) ssa.Instruction {
	var recv ssa.Instruction
	for _, u := range chanflow.Uses(root) {
		switch u.Kind {
		case chanflow.Harmless:
		case chanflow.Recv:
			if !onlyClosedEnds(u.Instr.(*ssa.UnOp), root) {
				return nil
			}
			recv = u.Instr
		default:
			return nil
		}
	}
	return recv
}

// onlyClosedEnds reports whether recv is the receive of a loop that only
// the channel's close ends, as `for v := range ch` is: no return inside,
// and every way out taken when the receive saw the channel closed. A loop
// that returns on a received value ends when it is sent that value, with
// no close.
func onlyClosedEnds(recv *ssa.UnOp, root ssa.Value) bool {
	fn := recv.Parent()
	sccs := chanflow.Loops(fn)
	id, inLoop := sccs[recv.Block()]
	if !inLoop || !recv.CommaOk {
		return false
	}
	isChan := func(v ssa.Value) bool {
		for v != nil {
			if v == root {
				return true
			}
			load, ok := v.(*ssa.UnOp)
			if !ok || load.Op != token.MUL {
				return false
			}
			v = load.X
		}
		return false
	}
	exits := 0
	for _, b := range fn.Blocks {
		if l, ok := sccs[b]; !ok || l != id {
			continue
		}
		if len(b.Instrs) > 0 {
			if _, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return); isRet {
				return false
			}
		}
		for i, s := range b.Succs {
			if l, ok := sccs[s]; ok && l == id {
				continue
			}
			if !chanflow.ClosedEdge(b, i, isChan) {
				return false
			}
			exits++
		}
	}
	return exits > 0
}

// checkClosed reports workers that range over a channel the function can
// return without closing: they wait for more values forever.
func (c *checker) checkClosed(fn *ssa.Function, mc *ssa.MakeChan, rangers []ssa.Instruction, closes []ssa.Instruction) {
	isClose := map[ssa.Instruction]bool{}
	for _, cl := range closes {
		isClose[cl] = true
	}
	type state struct{ closed, dead bool }
	var exit ssa.Instruction
	flow := chanflow.Flow[state]{
		Instr: func(s state, instr ssa.Instruction) state {
			switch {
			case instr == ssa.Instruction(mc), chanflow.NoReturn(instr):
				s.dead = true
			case isClose[instr]:
				s.closed = true
			}
			return s
		},
		Exit: func(s state, e ssa.Instruction) {
			if _, isRet := e.(*ssa.Return); isRet && !s.closed && (exit == nil || e.Pos() < exit.Pos()) {
				exit = e
			}
		},
		Prune: func(s state) bool { return s.dead || s.closed },
	}
	flow.Run(mc, state{})
	if exit == nil {
		return
	}
	at := rangers[0].Pos()
	if !at.IsValid() {
		return
	}
	if c.ignores.Ignored("lostsend", at) {
		return
	}
	pos, end := c.nodeAt(at)
	exitPos := exit.Pos()
	if !exitPos.IsValid() && fn.Syntax() != nil {
		exitPos = fn.Syntax().End() - 1
	}
	c.pass.Report(analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("receive may block forever, leaking the goroutine: it ranges over %s, but this function can return without closing it", c.chanName(mc)),
		Related: []analysis.RelatedInformation{{Pos: exitPos, Message: "the function returns here without closing the channel"}},
	})
}

// goClosure returns the go statement that starts the closure of a Capture
// use, when starting it is all that is done with the closure.
func goClosure(u chanflow.Use) (*ssa.Go, bool) {
	mcl, ok := u.Instr.(*ssa.MakeClosure)
	if !ok {
		return nil, false
	}
	var g *ssa.Go
	for _, r := range *mcl.Referrers() {
		switch r := r.(type) {
		case *ssa.Go:
			if r.Call.Value != mcl || g != nil {
				return nil, false
			}
			g = r
		case *ssa.DebugRef:
		default:
			return nil, false
		}
	}
	return g, g != nil
}

func (c *checker) report(fn *ssa.Function, mc *ssa.MakeChan, buffer int64, senders []sender, l *leak) {
	// The goroutine with the most sends is the one left blocked.
	sort.Slice(senders, func(i, j int) bool {
		if wi, wj := senders[i].sends.rank(), senders[j].sends.rank(); wi != wj {
			return wi > wj
		}
		return senders[i].at < senders[j].at
	})
	at := senders[0].at
	if c.ignores.Ignored("lostsend", at) {
		return
	}
	name := c.chanName(mc)
	var what string
	loopSender := len(senders) == 1 && !senders[0].sends.isConst()
	switch {
	case loopSender:
		what = "the goroutine sends on " + name + " in a loop"
	case l.inLoop || !l.sends.isConst():
		what = "goroutines started in a loop send on " + name
	case len(senders) == 1 && senders[0].sends == exactly(1):
		what = "the goroutine sends on " + name + " once"
	default:
		what = fmt.Sprintf("goroutines send up to %d values on %s", l.sends.n, name)
	}
	received := "without receiving from it"
	switch {
	case !l.recvs.isConst():
		received = fmt.Sprintf("after receiving %s values", l.recvs)
	case l.recvs.n > 0:
		received = fmt.Sprintf("after receiving %s", times(l.recvs.n))
	}
	buf := "it is unbuffered"
	_, isConst := constInt(mc.Size)
	if !isConst {
		buf = "its buffer of " + c.sizeText(mc) + " need not hold every send"
		if l.sends.isConst() {
			return // a few sends: the computed buffer may well hold them
		}
	} else if buffer > 0 {
		buf = fmt.Sprintf("its buffer holds %d", buffer)
	}
	exitPos := l.exit.Pos()
	if exitPos == token.NoPos && fn.Syntax() != nil {
		exitPos = fn.Syntax().End() - 1
	}
	pos, end := c.nodeAt(at)
	d := analysis.Diagnostic{
		Pos:     pos,
		End:     end,
		Message: fmt.Sprintf("send may block forever, leaking the goroutine: %s, but this function can return %s and %s", what, received, buf),
		Related: []analysis.RelatedInformation{{Pos: exitPos, Message: "the function returns here with sends left undelivered"}},
	}
	if l.waits {
		d.Message = fmt.Sprintf("send may block forever, leaking the goroutine: %s, but this function waits for them %s and %s: neither side can go on", what, received, buf)
		d.Related = []analysis.RelatedInformation{{Pos: exitPos, Message: "the function waits here for senders that cannot deliver"}}
	}
	if fix, ok := c.bufferFix(fn, mc, senders, l); ok && isConst {
		d.SuggestedFixes = []analysis.SuggestedFix{fix}
	}
	c.pass.Report(d)
}

func times(n int64) string {
	if n == 1 {
		return "once"
	}
	return fmt.Sprintf("%d times", n)
}

// chanName names the channel by the variable it is assigned to.
func (c *checker) chanName(mc *ssa.MakeChan) string {
	if call, file := c.makeCall(mc.Pos()); call != nil {
		path, _ := astutil.PathEnclosingInterval(file, call.Pos(), call.End())
		if len(path) > 1 {
			switch parent := path[1].(type) {
			case *ast.AssignStmt:
				if len(parent.Lhs) == len(parent.Rhs) {
					for i, rhs := range parent.Rhs {
						if rhs == call {
							if id, ok := parent.Lhs[i].(*ast.Ident); ok {
								return id.Name
							}
						}
					}
				}
			case *ast.ValueSpec:
				for i, v := range parent.Values {
					if v == call && i < len(parent.Names) {
						return parent.Names[i].Name
					}
				}
			}
		}
	}
	return chanflow.VarName(mc)
}

func constInt(v ssa.Value) (int64, bool) {
	k, ok := v.(*ssa.Const)
	if !ok || k.Value == nil || k.Value.Kind() != constant.Int {
		return 0, false
	}
	return constant.Int64Val(k.Value)
}

// nodeAt widens the position of a send, call or go statement from SSA to
// the whole statement or call, so the report covers the exact node.
func (c *checker) nodeAt(pos token.Pos) (token.Pos, token.Pos) {
	for _, f := range c.pass.Files {
		if f.FileStart > pos || pos >= f.FileEnd {
			continue
		}
		path, _ := astutil.PathEnclosingInterval(f, pos, pos+1)
		for _, n := range path {
			switch n.(type) {
			case *ast.SendStmt, *ast.GoStmt, *ast.CallExpr, *ast.CommClause, *ast.RangeStmt, *ast.UnaryExpr:
				return n.Pos(), n.End()
			case *ast.FuncLit, *ast.FuncDecl:
				return pos, pos
			}
		}
	}
	return pos, pos
}
