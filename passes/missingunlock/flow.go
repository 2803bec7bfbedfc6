package missingunlock

import (
	"go/constant"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

	"golang.org/x/tools/go/ssa"

	"github.com/leaklint/leaklint/internal/chanflow"
	"github.com/leaklint/leaklint/internal/lockflow"
)

// lockOp classifies a call to a method of a sync lock.
type lockOp int

const (
	opNone lockOp = iota
	opLock
	opRLock
	opUnlock
	opRUnlock
	opTryLock
	opTryRLock
)

// lockOpOf reports which lock method call calls, and the lock's address
// (or sync.Locker value).
func lockOpOf(call *ssa.CallCommon) (lockOp, ssa.Value) {
	var name string
	var recv ssa.Value
	if call.IsInvoke() {
		if !isLocker(call.Value.Type()) {
			return opNone, nil
		}
		name, recv = call.Method.Name(), call.Value
	} else {
		fn := call.StaticCallee()
		if fn == nil || len(call.Args) == 0 || fn.Signature.Recv() == nil {
			return opNone, nil
		}
		obj, ok := fn.Object().(*types.Func)
		if !ok || obj.Pkg() == nil || obj.Pkg().Path() != "sync" {
			return opNone, nil
		}
		switch obj.FullName() {
		case "(*sync.Mutex).Lock", "(*sync.Mutex).Unlock", "(*sync.Mutex).TryLock",
			"(*sync.RWMutex).Lock", "(*sync.RWMutex).Unlock", "(*sync.RWMutex).TryLock",
			"(*sync.RWMutex).RLock", "(*sync.RWMutex).RUnlock", "(*sync.RWMutex).TryRLock":
		default:
			return opNone, nil
		}
		name, recv = obj.Name(), call.Args[0]
	}
	switch name {
	case "Lock":
		return opLock, recv
	case "RLock":
		return opRLock, recv
	case "Unlock":
		return opUnlock, recv
	case "RUnlock":
		return opRUnlock, recv
	case "TryLock":
		return opTryLock, recv
	case "TryRLock":
		return opTryRLock, recv
	}
	return opNone, nil
}

func isLocker(t types.Type) bool {
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "sync" && n.Obj().Name() == "Locker"
}

// summary is what a caller needs to know about a function, in terms of
// its parameters, free variables and globals.
type summary struct {
	// Holds are the locks it returns holding on every path: a lock()
	// helper hands them to its caller.
	Holds map[string]HeldLock
	// Releases are locks it unlocks without having taken them: an
	// unlock() helper, or a closure that releases its creator's lock.
	Releases map[string]bool
	// Locks are the locks it takes (itself or through its callees) while
	// its caller's hold on them would still be in force: not after
	// releasing them first.
	Locks map[string]byte
	// TLocks are the type-level names of the locks it takes, with their
	// mode, for lock order and RWR.
	TLocks map[string]byte
	// Dynamic is set when it calls a function value it captured: it may
	// release anything.
	Dynamic bool
	// LockTypes gives the type-level name of each of Locks.
	LockTypes map[string]string
	// Drops are locks it releases and takes back: a caller's lock it
	// does not hold all along. Not exported.
	Drops map[string]bool `json:"-"`
	// Blocks are the blocking channel operations it (or a callee) may
	// wait in, for the caller's lock-while-blocked check. Not exported.
	Blocks []ssa.Instruction `json:"-"`
	// ParamCalls gives, for a parameter holding a function, the locks
	// (with their mode) it holds on some path while calling it: a lock
	// held across a callback. Not exported.
	ParamCalls map[int]map[string]byte `json:"-"`
}

// snapshot copies the maps applyCall reads.
func (s *summary) snapshot() *summary {
	c := *s
	c.Holds = maps.Clone(s.Holds)
	c.Releases = maps.Clone(s.Releases)
	c.Locks = maps.Clone(s.Locks)
	c.TLocks = maps.Clone(s.TLocks)
	c.LockTypes = maps.Clone(s.LockTypes)
	c.Drops = maps.Clone(s.Drops)
	return &c
}

func (s *summary) empty() bool {
	return s == nil || len(s.Holds) == 0 && len(s.Releases) == 0 && len(s.Locks) == 0 && len(s.TLocks) == 0 && !s.Dynamic
}

// site is where a lock was taken: a Lock call, or a call of a function
// that returns holding it.
type site struct {
	instr ssa.Instruction
	via   *ssa.Function // the lock() helper, when taken through one
}

// reentry is a call handing a function literal to a callee that runs it
// while holding a lock the literal takes.
type reentry struct {
	at     *ssa.Call
	callee *ssa.Function
	lit    *ssa.Function
	key    lockflow.Key
}

// doubleLock is a lock taken while the path already holds it.
type doubleLock struct {
	at    ssa.Instruction // the Lock call, or a call whose callee locks
	first ssa.Instruction // where the path took it first
	key   lockflow.Key
	mode  byte // mode taken at `at`
	held  byte // mode held
	via   *ssa.Function
	rwr   bool
}

// heldExit is a return reached holding a lock taken at site.
type heldExit struct {
	site int
	key  string
	ret  *ssa.Return
}

// blockOp is a channel operation, or a call that may wait in one, with
// the type-level locks held there.
type blockOp struct {
	instr ssa.Instruction // the call, or the operation itself
	op    ssa.Instruction // the channel operation
	may   map[string]int  // type-level lock -> site index, held on some path
	must  map[string]bool
	seen  bool
}

// edge is a lock order: outer held while inner is taken at instr.
type edge struct {
	outer, inner         string
	outerMode, innerMode byte // 'W' or 'R'
	at, first            ssa.Instruction
	others               map[string]bool // the other type-level locks held, gate locks
}

// funcResult is the analysis of one function.
type funcResult struct {
	fn      *ssa.Function
	sum     *summary
	sites   []site
	keys    map[int]lockflow.Key
	doubles []doubleLock
	// reentries are callbacks handed to a function that calls them
	// while holding a lock the callback takes again.
	reentries []reentry
	// exits holding, and exits not holding, per lock key.
	holding    map[string][]heldExit
	notHolding map[string][]*ssa.Return
	unknown    bool // some path defers a call that may release anything
	ops        map[[2]ssa.Instruction]*blockOp
	lockAt     map[string][]ssa.Instruction
	edges      []edge
	exits      []exitState
	overBudget bool
	// counted are locks read-locked a number of times a loop decides.
	counted map[string]bool
	// takenAt records where each lock of the summary is taken ("p:" key,
	// "t:" type-level name).
	takenAt map[string][]ssa.Instruction
	// fresh are the structs the function allocates or gets from a
	// constructor of the package, by key root.
	fresh map[string]ssa.Value
}

func (r *funcResult) noteTaken(k string, instr ssa.Instruction) {
	if r.takenAt == nil {
		r.takenAt = map[string][]ssa.Instruction{}
	}
	r.takenAt[k] = append(r.takenAt[k], instr)
}

// mustTake keeps in the summary only the locks a caller cannot avoid by
// what it passes: a lock taken under a test of a bool parameter
// (`if !hasLock { mu.Lock() }`, `if needLock`) is the callee's way of
// letting a caller that holds it say so, unless it is taken on every
// path anyway.
func (r *funcResult) mustTake() {
	var rets []*ssa.BasicBlock
	for _, b := range r.fn.Blocks {
		// The recover block returns only after a panic.
		if len(b.Instrs) > 0 && b != r.fn.Recover {
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok {
				rets = append(rets, b)
			}
		}
	}
	must := func(k string) bool {
		for _, instr := range r.takenAt[k] {
			if !paramGuarded(instr) {
				return true
			}
			all := len(rets) > 0
			for _, ret := range rets {
				if !instr.Block().Dominates(ret) {
					all = false
					break
				}
			}
			if all {
				return true
			}
		}
		return false
	}
	for k := range r.sum.Locks {
		if !must("p:" + k) {
			delete(r.sum.Locks, k)
		}
	}
	for t := range r.sum.TLocks {
		if !must("t:" + t) {
			delete(r.sum.TLocks, t)
		}
	}
}

// stepBudget bounds the instructions one function's exploration may visit:
// beyond it the function is left unjudged. A function explored within a
// few visits per instruction is the usual case; one whose states multiply
// (correlated branches, counters, locks taken in loops) rarely settles
// later, and used to run to a fixed 2^18 visits only to be discarded (on
// nats, half the pass's time). So the budget grows with the function, 8
// visits per instruction, between 2^14 and 2^16.
func stepBudget(fn *ssa.Function) int {
	n := 0
	for _, b := range fn.Blocks {
		n += len(b.Instrs)
	}
	return min(max(8*n, 1<<14), 1<<16)
}

func (c *checker) analyze(fn *ssa.Function) *funcResult {
	if r, ok := c.results[fn]; ok {
		return r
	}
	r := &funcResult{
		fn:         fn,
		sum:        &summary{},
		keys:       map[int]lockflow.Key{},
		holding:    map[string][]heldExit{},
		notHolding: map[string][]*ssa.Return{},
		ops:        map[[2]ssa.Instruction]*blockOp{},
		lockAt:     map[string][]ssa.Instruction{},
		counted:    map[string]bool{},
		fresh:      map[string]ssa.Value{},
	}
	c.results[fn] = r // a recursive call sees the empty summary
	if len(fn.Blocks) == 0 {
		return r
	}
	if !c.touchesLocks(fn, r) {
		return r // only the waits it may block in matter to callers
	}
	namer := lockflow.NewNamer(fn)
	dc := decodeCache{}
	// Correlated branches and loop counters only matter where the
	// function itself can come to hold a lock; elsewhere they would only
	// multiply the states of paths that hold nothing.
	var corr map[*ssa.If]condRef
	var ctrs map[*ssa.Phi]int
	if c.mayHold(fn) {
		corr = correlated(fn)
		ctrs = counters(fn)
	}
	siteIdx := map[ssa.Instruction]int{}
	siteOf := func(instr ssa.Instruction, via *ssa.Function, k lockflow.Key) int {
		if i, ok := siteIdx[instr]; ok {
			return i
		}
		r.sites = append(r.sites, site{instr: instr, via: via})
		siteIdx[instr] = len(r.sites) - 1
		r.keys[len(r.sites)-1] = k
		return len(r.sites) - 1
	}
	dseen := map[[2]ssa.Instruction]bool{}
	eseen := map[[2]string]bool{}
	// A struct allocated here is not yet shared: an order taken on its
	// lock cannot meet the other order on the same object.
	fresh := map[string]bool{}
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case *ssa.Alloc:
				if in.Heap {
					fresh["v"+in.Name()] = true
					r.fresh["v"+in.Name()] = in
				}
			case *ssa.Call:
				// The result of a constructor of this package.
				if callee := in.Call.StaticCallee(); callee != nil && c.local(callee) && c.returnsFresh(callee) {
					fresh["v"+in.Name()] = true
					r.fresh["v"+in.Name()] = in
				}
			case *ssa.Extract:
				if call, ok := in.Tuple.(*ssa.Call); ok && in.Index == 0 {
					if callee := call.Call.StaticCallee(); callee != nil && c.local(callee) && c.returnsFresh(callee) {
						fresh["v"+in.Name()] = true
						r.fresh["v"+in.Name()] = in
					}
				}
			}
		}
	}
	// Blocks from which every path panics: an order taken on a path bound
	// to panic (an assertion of misuse, `panic("invalid
	// concurrent Read")`) is not one that two well-behaved goroutines meet.
	doomed := doomedBlocks(fn)
	recoverRet := lockflow.RecoveredReturn(fn)
	addEdges := func(hs []held, inner string, innerMode byte, at ssa.Instruction) {
		if inner == "" || doomed[at.Block()] {
			return
		}
		for _, h := range hs {
			if !h.holding() || h.typ == "" || h.typ == inner {
				continue
			}
			// Locks a lock() helper returns holding are taken by one
			// call: their order is the helper's own, recorded there,
			// not the order in which its summary lists them.
			if r.sites[h.site].instr == at {
				continue
			}
			if root, _ := lockflow.Root(h.key); fresh[root] {
				continue
			}
			if eseen[[2]string{h.typ, inner}] {
				continue
			}
			eseen[[2]string{h.typ, inner}] = true
			others := map[string]bool{}
			for _, o := range hs {
				if o.holding() && o.typ != "" && o.typ != h.typ && o.typ != inner {
					others[o.typ] = true
				}
			}
			r.edges = append(r.edges, edge{outer: h.typ, inner: inner, outerMode: h.mode, innerMode: innerMode, at: at, first: r.sites[h.site].instr, others: others})
		}
	}
	// private reports whether the lock at path lives in a variable of
	// this function that no other goroutine can reach: its only writer is
	// this goroutine, which cannot be waiting between its own read locks.
	private := func(path string) bool {
		// Through a pointer the lock is another object, maybe shared.
		root, rest := lockflow.Root(path)
		return !strings.Contains(rest, "*") && privateLocal(fn, root)
	}
	double := func(hs []held, i int, at ssa.Instruction, k lockflow.Key, mode byte, via *ssa.Function) {
		h := hs[i]
		rwr := false
		first := r.sites[h.site].instr
		if h.mode == 'R' && mode == 'R' {
			if !c.writers[h.typ] || h.typ == "" || private(h.key) {
				if first == at {
					// Read-locked once per iteration of a loop: the
					// count of locks is not followed.
					r.counted[h.key] = true
				}
				return
			}
			rwr = true
		}
		if dseen[[2]ssa.Instruction{at, first}] {
			return
		}
		dseen[[2]ssa.Instruction{at, first}] = true
		r.doubles = append(r.doubles, doubleLock{at: at, first: first, key: k, mode: mode, held: h.mode, via: via, rwr: rwr})
	}
	acquire := func(hs []held, at ssa.Instruction, k lockflow.Key, mode byte, via *ssa.Function) []held {
		if i := find(hs, k.Path); i >= 0 {
			h := hs[i]
			switch h.mode {
			case 'W', 'R':
				double(hs, i, at, k, mode, via)
				return hs
			case 'U':
				// Taken back after releasing it: the caller's hold
				// resumes. Its order against the locks still held
				// counts for the caller.
				if k.Type != "" {
					if r.sum.TLocks == nil {
						r.sum.TLocks = map[string]byte{}
					}
					if lockflow.Relative(k.Path) {
						if r.sum.Drops == nil {
							r.sum.Drops = map[string]bool{}
						}
						r.sum.Drops[k.Path] = true
					}
					r.noteTaken("t:"+k.Type, at)
					if _, ok := r.sum.TLocks[k.Type]; !ok {
						r.sum.TLocks[k.Type] = 'X'
					}
				}
				addEdges(hs, k.Type, mode, at)
				hs = remove(hs, i)
				return hs
			case 'D':
				hs[i] = held{key: k.Path, typ: k.Type, mode: mode, site: siteOf(at, via, k), deferred: true}
				return hs
			}
		}
		if lockflow.Relative(k.Path) {
			if r.sum.Locks == nil {
				r.sum.Locks = map[string]byte{}
			}
			r.noteTaken("p:"+k.Path, at)
			if r.sum.Locks[k.Path] != 'W' {
				r.sum.Locks[k.Path] = mode
			}
			if k.Type != "" {
				if r.sum.LockTypes == nil {
					r.sum.LockTypes = map[string]string{}
				}
				r.sum.LockTypes[k.Path] = k.Type
			}
		}
		root, _ := lockflow.Root(k.Path)
		if k.Type != "" && !fresh[root] {
			if r.sum.TLocks == nil {
				r.sum.TLocks = map[string]byte{}
			}
			r.noteTaken("t:"+k.Type, at)
			if r.sum.TLocks[k.Type] != 'W' {
				r.sum.TLocks[k.Type] = mode
			}
		}
		if !fresh[root] {
			// A struct allocated here has no other holder to meet.
			addEdges(hs, k.Type, mode, at)
		}
		r.noteLockAt(k.Type, at)
		return append(hs, held{key: k.Path, typ: k.Type, mode: mode, site: siteOf(at, via, k)})
	}
	release := func(hs []held, k lockflow.Key) []held {
		if i := find(hs, k.Path); i >= 0 {
			if hs[i].holding() {
				if hs[i].deferred {
					// The deferred unlock is still to run: a lock
					// taken again is released by it.
					hs[i] = held{key: k.Path, typ: k.Type, mode: 'D', site: -1}
					return hs
				}
				return remove(hs, i)
			}
			return hs
		}
		if lockflow.Relative(k.Path) {
			return append(hs, held{key: k.Path, typ: k.Type, mode: 'U', site: -1})
		}
		return hs
	}
	deferRelease := func(hs []held, k lockflow.Key) []held {
		if i := find(hs, k.Path); i >= 0 {
			if hs[i].holding() {
				hs[i].deferred = true
			}
			return hs
		}
		return append(hs, held{key: k.Path, typ: k.Type, mode: 'D', site: -1})
	}
	// handOver drops the locks a closure or goroutine made here releases.
	handOver := func(hs []held, sum *summary, roots map[string]lockflow.Key) []held {
		for p := range sum.Releases {
			if k, ok := lockflow.Subst(p, roots); ok {
				if i := find(hs, k.Path); i >= 0 && hs[i].holding() {
					hs = remove(hs, i)
				}
			}
		}
		return hs
	}
	applyCall := func(hs []held, instr ssa.Instruction, call *ssa.CallCommon) []held {
		callee := call.StaticCallee()
		var roots map[string]lockflow.Key
		if callee == nil {
			callee, roots = capturedClosure(namer, r.fn, call)
		}
		var sum *summary
		if callee != nil {
			sum = c.summaryOf(callee)
		}
		if sum.empty() {
			return hs
		}
		if sum == r.sum {
			// A recursive call, seeing the summary being built: the
			// loops below add to r.sum, and a map that grows while
			// ranged over yields its new entries or not at random.
			sum = sum.snapshot()
		}
		if roots == nil {
			roots = namer.CallRoots(call)
		}
		for p, m := range sum.Locks {
			k, ok := lockflow.Subst(p, roots)
			if !ok {
				// The callee read-locks a field of an object this
				// function cannot name (reached through a loop value):
				// it may be the very object whose field of that type
				// this path holds for reading.
				if t := sum.LockTypes[p]; m == 'R' && t != "" && c.writers[t] {
					for j, h := range hs {
						if h.mode == 'R' && h.typ == t {
							double(hs, j, instr, r.keys[h.site], 'R', callee)
						}
					}
				}
				continue
			}
			if i := find(hs, k.Path); i >= 0 && hs[i].holding() {
				// The callee locks what this path holds, unless it
				// hands it back first (it is in Releases too).
				if !sum.Releases[p] {
					double(hs, i, instr, k, m, callee)
				}
			}
		}
		for p, m := range sum.Locks {
			// Taken by the callee: the caller takes it too, for its own
			// callers, unless the caller holds it already here.
			k, ok := lockflow.Subst(p, roots)
			if !ok || !lockflow.Relative(k.Path) || sum.Releases[p] {
				continue
			}
			if i := find(hs, k.Path); i >= 0 {
				continue
			}
			if r.sum.Locks == nil {
				r.sum.Locks = map[string]byte{}
			}
			r.noteTaken("p:"+k.Path, instr)
			if r.sum.Locks[k.Path] != 'W' {
				r.sum.Locks[k.Path] = m
			}
			if t := sum.LockTypes[p]; t != "" {
				if r.sum.LockTypes == nil {
					r.sum.LockTypes = map[string]string{}
				}
				r.sum.LockTypes[k.Path] = t
			}
		}
		// The locks the callee keeps held all along: one it releases may
		// be released before it takes any other.
		kept := hs
		if len(sum.Releases) > 0 || len(sum.Drops) > 0 {
			kept = nil
			for _, h := range hs {
				released := false
				for p := range sum.Releases {
					if k, ok := lockflow.Subst(p, roots); ok && k.Path == h.key {
						released = true
					}
				}
				for p := range sum.Drops {
					if k, ok := lockflow.Subst(p, roots); ok && k.Path == h.key {
						released = true
					}
				}
				if !released {
					kept = append(kept, h)
				}
			}
		}
		// A lock of this function's caller that the callee lets go of
		// and takes back is let go of by this function too: its caller
		// does not hold it all along (nats.go's applyNewSID, two calls
		// down from the method that holds sub.mu).
		for p := range sum.Drops {
			if k, ok := lockflow.Subst(p, roots); ok && lockflow.Relative(k.Path) && find(hs, k.Path) < 0 {
				if r.sum.Drops == nil {
					r.sum.Drops = map[string]bool{}
				}
				r.sum.Drops[k.Path] = true
			}
		}
		// Types whose every lock the callee takes is on a struct this
		// function allocated: no one else can hold them.
		freshOnly := map[string]bool{}
		for p, t := range sum.LockTypes {
			if _, ok := sum.Locks[p]; !ok {
				continue
			}
			k, ok := lockflow.Subst(p, roots)
			root, _ := lockflow.Root(k.Path)
			if ok && fresh[root] {
				if _, seen := freshOnly[t]; !seen {
					freshOnly[t] = true
				}
			} else {
				freshOnly[t] = false
			}
		}
		for t, m := range sum.TLocks {
			if freshOnly[t] {
				continue
			}
			if r.sum.TLocks == nil {
				r.sum.TLocks = map[string]byte{}
			}
			r.noteTaken("t:"+t, instr)
			if r.sum.TLocks[t] != 'W' {
				r.sum.TLocks[t] = m
			}
			if m != 'R' {
				m = 'W'
			}
			addEdges(kept, t, m, instr)
		}
		for p := range sum.Releases {
			if k, ok := lockflow.Subst(p, roots); ok {
				hs = release(hs, k)
			}
		}
		for _, p := range slices.Sorted(maps.Keys(sum.Holds)) {
			h := sum.Holds[p]
			if k, ok := lockflow.Subst(p, roots); ok {
				k.Type = h.Type
				hs = acquire(hs, instr, k, h.Mode, callee)
			}
		}
		return hs
	}
	steps, maxSteps := 0, stepBudget(fn)
	flow := chanflow.Flow[state]{
		Prune: func(s state) bool { return s.dead || steps > maxSteps },
		Instr: func(s state, instr ssa.Instruction) state {
			steps++
			if s.dead {
				return s // pruned right after: the path is infeasible
			}
			switch in := instr.(type) {
			case *ssa.Call:
				if isGroupWait(in.Common()) {
					r.noteOp(in, in, dc.decode(s.held))
				}
				if p, ok := in.Call.Value.(*ssa.Parameter); ok && s.held != "" {
					r.noteParamCall(p, dc.decode(s.held))
				}
				if callee := in.Call.StaticCallee(); callee != nil && c.local(callee) {
					c.noteReentry(r, namer, in, callee)
				}
				call := viaOnce(in.Common())
				op, recv := lockOpOf(call)
				var k lockflow.Key
				ok := false
				if op == opNone {
					// A method value of a lock (once.Do(mu.Unlock)).
					var m *types.Func
					if op, recv, m = boundLockOp(call); op != opNone {
						k, ok = namer.Promoted(recv, m)
						if !ok {
							return s
						}
					}
				}
				if op == opNone {
					if callsCaptured(in.Common()) {
						r.sum.Dynamic = true
					}
					callee := call.StaticCallee()
					if callee == nil {
						callee, _ = capturedClosure(namer, r.fn, call)
					}
					if callee != nil && c.local(callee) {
						cr := c.analyze(callee)
						// A callee that releases a lock may release the
						// caller's before it waits.
						for _, b := range cr.sum.Blocks {
							if len(cr.sum.Releases) > 0 {
								break
							}
							r.noteOp(in, b, dc.decode(s.held))
						}
						for t := range cr.sum.TLocks {
							r.noteLockAt(t, in)
						}
					}
					if c.summaryOf(callee).empty() {
						return s // applyCall would give back what it got
					}
					s.held = encode(applyCall(dc.decode(s.held), in, call))
					return s
				}
				if !ok {
					k, ok = namer.Of(recv)
				}
				if !ok {
					return s
				}
				hs := dc.decode(s.held)
				switch op {
				case opLock:
					hs = acquire(hs, in, k, 'W', nil)
				case opRLock:
					hs = acquire(hs, in, k, 'R', nil)
				case opUnlock, opRUnlock:
					hs = release(hs, k)
				}
				s.held = encode(hs)
			case *ssa.Defer:
				op, recv := lockOpOf(in.Common())
				switch op {
				case opUnlock, opRUnlock:
					if k, ok := namer.Of(recv); ok {
						s.held = encode(deferRelease(dc.decode(s.held), k))
					}
					return s
				case opNone:
				default:
					return s
				}
				callee := in.Common().StaticCallee()
				if callee == nil {
					s.unknownDefer = true
					return s
				}
				sum := c.summaryOf(callee)
				if sum.Dynamic {
					s.unknownDefer = true
				}
				if len(sum.Releases) > 0 {
					roots := namer.CallRoots(in.Common())
					hs := dc.decode(s.held)
					for p := range sum.Releases {
						if k, ok := lockflow.Subst(p, roots); ok {
							hs = deferRelease(hs, k)
						}
					}
					s.held = encode(hs)
				}
			case *ssa.MakeClosure:
				if s.held == "" || calledRightAway(in) {
					return s
				}
				sum := c.summaryOf(in.Fn.(*ssa.Function))
				if len(sum.Releases) > 0 {
					s.held = encode(handOver(dc.decode(s.held), sum, namer.ClosureRoots(in)))
				}
			case *ssa.Go:
				if s.held == "" {
					return s
				}
				if callee := in.Common().StaticCallee(); callee != nil {
					if sum := c.summaryOf(callee); len(sum.Releases) > 0 {
						s.held = encode(handOver(dc.decode(s.held), sum, namer.CallRoots(in.Common())))
					}
				}
			case *ssa.Send, *ssa.UnOp, *ssa.Select:
				if isChanOp(instr) {
					r.noteOp(instr, instr, dc.decode(s.held))
				}
			}
			return s
		},
		Edge: func(s state, b *ssa.BasicBlock, i int) state {
			if ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If); ok {
				if k, ok := ifi.Cond.(*ssa.Const); ok && k.Value != nil && constant.BoolVal(k.Value) != (i == 0) {
					s.dead = true // `if false`
					return s
				}
			}
			s = ctrEdge(s, b, i, ctrs)
			if s.dead {
				return s
			}
			ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
			if !ok {
				return s
			}
			cond, neg := ifi.Cond, false
			if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
				cond, neg = not.X, true
			}
			taken := (i == 0) != neg
			if call, ok := cond.(*ssa.Call); ok {
				op, recv := lockOpOf(call.Common())
				if op != opTryLock && op != opTryRLock {
					return s
				}
				// The lock is taken on the branch of the test in the
				// TryLock's own block. A later test of the same result
				// (`if !ok { mu.Lock() }`) takes nothing: it follows
				// the outcome the path already has.
				name := "try:" + call.Name()
				if b != call.Block() {
					conds, ok := withCond(s.conds, name, taken)
					if !ok {
						s.dead = true
						return s
					}
					s.conds = conds
					return s
				}
				if taken {
					if k, ok := namer.Of(recv); ok {
						mode := byte('W')
						if op == opTryRLock {
							mode = 'R'
						}
						s.held = encode(acquire(dc.decode(s.held), call, k, mode, nil))
					}
				}
				// A new round of a loop: the last round's outcome goes.
				s.conds, _ = withCond(withoutCond(s.conds, name), name, taken)
				return s
			}
			if ref, ok := corr[ifi]; ok {
				conds, ok := withCond(s.conds, ref.name, (i == 0) != ref.neg)
				if !ok {
					s.dead = true
					return s
				}
				s.conds = conds
			}
			return s
		},
		Exit: func(s state, exit ssa.Instruction) {
			ret, ok := exit.(*ssa.Return)
			if !ok {
				// A panic: not a path on which the lock is leaked,
				// unless the function recovers it and returns.
				if _, isPanic := exit.(*ssa.Panic); !isPanic || recoverRet == nil {
					return
				}
				ret = recoverRet
			}
			if s.unknownDefer {
				r.unknown = true
			}
			hs := dc.decode(s.held)
			have := map[string]bool{}
			for _, h := range hs {
				switch {
				case h.holding() && !h.deferred:
					have[h.key] = true
					r.holding[h.key] = append(r.holding[h.key], heldExit{site: h.site, key: h.key, ret: ret})
				case h.mode == 'U' || h.mode == 'D':
					// Released without being taken here, now or by a
					// deferred unlock as the function returns.
					if !lockflow.Relative(h.key) {
						continue
					}
					if r.sum.Releases == nil {
						r.sum.Releases = map[string]bool{}
					}
					r.sum.Releases[h.key] = true
				}
			}
			r.exits = append(r.exits, exitState{ret: ret, have: have, unknown: s.unknownDefer})
		},
	}
	flow.RunEntry(fn, state{})
	// The returns that do not hold each lock, once every lock is known: a
	// return the search reached before it met the lock (a loop run zero
	// times, then not again with the same state) does not hold it either.
	seen := r.keysSeen()
	for _, e := range r.exits {
		for _, key := range slices.Sorted(maps.Keys(seen)) {
			if !e.have[key] && !slices.Contains(r.notHolding[key], e.ret) {
				r.notHolding[key] = append(r.notHolding[key], e.ret)
			}
		}
	}
	if steps > maxSteps {
		r.overBudget = true
		r.doubles = nil
		r.holding = map[string][]heldExit{}
		r.edges = nil
		r.ops = map[[2]ssa.Instruction]*blockOp{}
	}
	r.mustTake()
	// Holds: locks held at every return. A function that also returns a
	// handle with methods (a transaction whose End unlocks, a release
	// func) hands the lock to that handle: its callers release it
	// through code the paths cannot follow, so they do not track it.
	//
	// The handle test comes last: it builds the method set of each
	// result type (nats' *Server has hundreds of methods), and most
	// functions hold nothing at their returns.
	if len(r.exits) > 0 && !r.overBudget {
		var holds map[string]HeldLock
		for key, hx := range r.holding {
			if !lockflow.Relative(key) {
				continue
			}
			all := true
			for _, e := range r.exits {
				// A deferred call the paths cannot follow (`defer
				// unlock()` of a func value) may release it: such a
				// return is not known to hold it.
				if !e.have[key] || e.unknown {
					all = false
				}
			}
			if all {
				if holds == nil {
					holds = map[string]HeldLock{}
				}
				holds[key] = HeldLock{Mode: modeOfSite(r, hx[0].site), Type: r.keys[hx[0].site].Type}
			}
		}
		// A deferred call of a function value may release anything: a
		// release func made by a helper (miekg/dns's unlockOnce, a
		// closure over the lock as a sync.Locker) runs at every return.
		if holds != nil && !r.unknown && !returnsHandle(fn.Signature) {
			r.sum.Holds = holds
		}
	}
	return r
}

// HeldLock is a lock a lock() helper returns holding.
type HeldLock struct {
	Mode byte
	Type string
}

// touchesLocks reports whether a path of fn can change the locks held:
// a lock method, or a call, defer, go or closure of code whose summary
// takes, holds or releases a lock. When it cannot, the paths need not be
// followed: r gets the blocking operations fn (or a callee) may wait in.
func (c *checker) touchesLocks(fn *ssa.Function, r *funcResult) bool {
	var blocks []ssa.Instruction
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			switch in := instr.(type) {
			case ssa.CallInstruction:
				call := viaOnce(in.Common())
				if op, _ := lockOpOf(call); op != opNone {
					return true
				}
				if op, _, _ := boundLockOp(call); op != opNone {
					return true
				}
				if callsCaptured(in.Common()) {
					r.sum.Dynamic = true
				}
				callee := call.StaticCallee()
				if callee == nil {
					if _, isDefer := in.(*ssa.Defer); isDefer {
						return true // may release anything
					}
					continue
				}
				sum := c.summaryOf(callee)
				if !sum.empty() && (len(sum.Holds) > 0 || len(sum.Releases) > 0 || len(sum.Locks) > 0 || len(sum.TLocks) > 0 || sum.Dynamic && isDeferInstr(in)) {
					return true
				}
				if _, isGo := in.(*ssa.Go); !isGo {
					blocks = append(blocks, sum.Blocks...)
				}
			case *ssa.MakeClosure:
				if sum := c.summaryOf(in.Fn.(*ssa.Function)); len(sum.Releases) > 0 {
					return true
				}
			default:
				if isBlocking(instr) {
					blocks = append(blocks, instr)
				}
			}
		}
	}
	seen := map[ssa.Instruction]bool{}
	for _, b := range blocks {
		if !seen[b] && len(r.sum.Blocks) < maxBlocks {
			seen[b] = true
			r.sum.Blocks = append(r.sum.Blocks, b)
		}
	}
	return false
}

// returnsFresh reports whether fn is a constructor: its first result is,
// on every return, a struct it allocated or nil.
func (c *checker) returnsFresh(fn *ssa.Function) bool {
	if v, ok := c.fresh[fn]; ok {
		return v
	}
	c.fresh[fn] = false // recursion
	ok := false
	for _, b := range fn.Blocks {
		ret, isRet := b.Instrs[len(b.Instrs)-1].(*ssa.Return)
		if !isRet || b == fn.Recover {
			continue
		}
		if len(ret.Results) == 0 {
			return false
		}
		v := ret.Results[0]
		// A variable (a named result, one closures capture) assigned
		// only new structs and nil.
		if load, isLoad := v.(*ssa.UnOp); isLoad && load.Op == token.MUL {
			if a, isAlloc := load.X.(*ssa.Alloc); isAlloc {
				if !onlyFreshStored(a) {
					return false
				}
				ok = true
				continue
			}
		}
		switch v := v.(type) {
		case *ssa.Alloc:
			// A constructor that starts a goroutine with the struct,
			// or stores it where others find it, returns a shared one.
			if sharedBeforeReturn(v) {
				return false
			}
			ok = true
		case *ssa.Const:
			if !v.IsNil() {
				return false
			}
		default:
			return false
		}
	}
	c.fresh[fn] = ok
	return ok
}

// onlyFreshStored reports whether every value stored in a is a struct
// allocated in the function, or nil.
func onlyFreshStored(a *ssa.Alloc) bool {
	for _, r := range *a.Referrers() {
		st, ok := r.(*ssa.Store)
		if !ok || st.Addr != a {
			continue
		}
		switch v := st.Val.(type) {
		case *ssa.Alloc:
		case *ssa.Const:
			if !v.IsNil() {
				return false
			}
		default:
			return false
		}
	}
	return true
}

// mayHold reports whether fn takes a lock itself or calls a lock()
// helper: only then can one of its paths hold a lock.
func (c *checker) mayHold(fn *ssa.Function) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			ci, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			switch op, _ := lockOpOf(ci.Common()); op {
			case opLock, opRLock, opTryLock, opTryRLock:
				return true
			case opNone:
				if callee := ci.Common().StaticCallee(); callee != nil && len(c.summaryOf(callee).Holds) > 0 {
					return true
				}
			}
		}
	}
	return false
}

func isDeferInstr(instr ssa.Instruction) bool {
	_, ok := instr.(*ssa.Defer)
	return ok
}

type exitState struct {
	ret     *ssa.Return
	have    map[string]bool
	unknown bool
}

func modeOfSite(r *funcResult, i int) byte {
	if i < 0 || i >= len(r.sites) {
		return 'W'
	}
	if call, ok := r.sites[i].instr.(ssa.CallInstruction); ok {
		if op, _ := lockOpOf(call.Common()); op == opRLock || op == opTryRLock {
			return 'R'
		}
	}
	return 'W'
}

func (r *funcResult) keysSeen() map[string]bool {
	out := map[string]bool{}
	for _, k := range r.keys {
		out[k.Path] = true
	}
	return out
}

func (r *funcResult) noteLockAt(t string, instr ssa.Instruction) {
	if t == "" {
		return
	}
	for _, x := range r.lockAt[t] {
		if x == instr {
			return
		}
	}
	r.lockAt[t] = append(r.lockAt[t], instr)
}

// noteParamCall records the locks held while fn calls its parameter p.
func (r *funcResult) noteParamCall(p *ssa.Parameter, hs []held) {
	i := slices.Index(r.fn.Params, p)
	if i < 0 {
		return
	}
	for _, h := range hs {
		if !h.holding() || !lockflow.Relative(h.key) {
			continue
		}
		if r.sum.ParamCalls == nil {
			r.sum.ParamCalls = map[int]map[string]byte{}
		}
		if r.sum.ParamCalls[i] == nil {
			r.sum.ParamCalls[i] = map[string]byte{}
		}
		if r.sum.ParamCalls[i][h.key] != 'W' {
			r.sum.ParamCalls[i][h.key] = h.mode
		}
	}
}

// noteReentry records a function literal handed to callee, which runs
// it while holding a lock that the literal takes too.
func (c *checker) noteReentry(r *funcResult, namer *lockflow.Namer, call *ssa.Call, callee *ssa.Function) {
	if callee == r.fn {
		return
	}
	cr := c.analyze(callee)
	if cr == nil || len(cr.sum.ParamCalls) == 0 {
		return
	}
	for i, arg := range call.Call.Args {
		held := cr.sum.ParamCalls[i]
		mc, ok := arg.(*ssa.MakeClosure)
		if len(held) == 0 || !ok {
			continue
		}
		lit, ok := mc.Fn.(*ssa.Function)
		if !ok || lit == r.fn {
			continue
		}
		ls := c.analyze(lit).sum
		if ls == nil {
			continue
		}
		croots, lroots := namer.CallRoots(&call.Call), namer.ClosureRoots(mc)
		for _, q := range slices.Sorted(maps.Keys(held)) {
			qk, ok := lockflow.Subst(q, croots)
			if !ok {
				continue
			}
			if qk.Type == "" {
				qk.Type = cr.sum.LockTypes[q]
			}
			for _, p := range slices.Sorted(maps.Keys(ls.Locks)) {
				if held[q] != 'W' && ls.Locks[p] != 'W' {
					continue // two read locks: an RWR needs a writer
				}
				if lk, ok := lockflow.Subst(p, lroots); ok && lk.Path == qk.Path {
					for _, e := range r.reentries {
						if e.at == call && e.key.Path == qk.Path {
							return
						}
					}
					r.reentries = append(r.reentries, reentry{at: call, callee: callee, lit: lit, key: qk})
					return
				}
			}
		}
	}
}

func (r *funcResult) noteOp(instr, chanOp ssa.Instruction, hs []held) {
	if instr == chanOp && isBlocking(chanOp) {
		found := false
		for _, b := range r.sum.Blocks {
			if b == chanOp {
				found = true
			}
		}
		if !found && len(r.sum.Blocks) < maxBlocks {
			r.sum.Blocks = append(r.sum.Blocks, chanOp)
		}
	} else if instr != chanOp && len(r.sum.Blocks) < maxBlocks {
		// A callee's wait is the caller's too.
		found := false
		for _, b := range r.sum.Blocks {
			if b == chanOp {
				found = true
			}
		}
		if !found {
			r.sum.Blocks = append(r.sum.Blocks, chanOp)
		}
	}
	key := [2]ssa.Instruction{instr, chanOp}
	op := r.ops[key]
	if op == nil {
		op = &blockOp{instr: instr, op: chanOp, may: map[string]int{}, must: map[string]bool{}}
		r.ops[key] = op
	}
	now := map[string]bool{}
	for _, h := range hs {
		if h.holding() && h.typ != "" {
			now[h.typ] = true
			if _, ok := op.may[h.typ]; !ok {
				op.may[h.typ] = h.site
			}
		}
	}
	if !op.seen {
		op.must = now
		op.seen = true
		return
	}
	for t := range op.must {
		if !now[t] {
			delete(op.must, t)
		}
	}
}

// calledRightAway reports whether a closure is only called or deferred
// where it is made: the call or defer accounts for what it releases.
func calledRightAway(mc *ssa.MakeClosure) bool {
	return lockflow.RunWhereMade(mc, func(ci ssa.CallInstruction) bool {
		_, isGo := ci.(*ssa.Go)
		return !isGo
	})
}

// maxBlocks bounds the waits a summary carries to its callers.
const maxBlocks = 16

// isChanOp reports whether instr sends, receives or selects.
func isChanOp(instr ssa.Instruction) bool {
	switch in := instr.(type) {
	case *ssa.Send, *ssa.Select:
		return true
	case *ssa.UnOp:
		return in.Op == token.ARROW
	}
	return false
}

// isBlocking reports whether instr is a channel operation that can block
// for ever: a send, a receive, or a select without default.
func isBlocking(instr ssa.Instruction) bool {
	switch in := instr.(type) {
	case *ssa.Send:
		return true
	case *ssa.UnOp:
		return in.Op == token.ARROW
	case *ssa.Select:
		return in.Blocking
	}
	return false
}

// isGroupWait reports whether call is wg.Wait on a sync.WaitGroup.
func isGroupWait(call *ssa.CallCommon) bool {
	if call.IsInvoke() {
		return false
	}
	fn := call.StaticCallee()
	if fn == nil {
		return false
	}
	obj, ok := fn.Object().(*types.Func)
	return ok && lockflow.SyncMethod(obj, "WaitGroup", "Wait")
}

// callsCaptured reports whether call calls a function value held in a
// free variable or a parameter: code the function cannot see.
func callsCaptured(call *ssa.CallCommon) bool {
	if call.IsInvoke() || call.StaticCallee() != nil {
		return false
	}
	v := call.Value
	if load, ok := v.(*ssa.UnOp); ok && load.Op == token.MUL {
		v = load.X
	}
	switch v.(type) {
	case *ssa.FreeVar, *ssa.Parameter:
		return true
	}
	return false
}

// correlated names the conditions of fn that more than one branch tests:
// the same parameter, free variable or field, or a comparison of one with
// a constant. A path that took one of them one way takes the others the
// same way: `if locked { mu.Unlock() }` after `if locked { mu.Lock() }`.
type condRef struct {
	name string
	neg  bool // the If is true when the named condition is false
}

func correlated(fn *ssa.Function) map[*ssa.If]condRef {
	byName := map[string][]*ssa.If{}
	refs := map[*ssa.If]condRef{}
	for _, b := range fn.Blocks {
		if len(b.Instrs) == 0 {
			continue
		}
		ifi, ok := b.Instrs[len(b.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond, neg := ifi.Cond, false
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond, neg = not.X, true
		}
		if bin, ok := cond.(*ssa.BinOp); ok && bin.Op == token.NEQ {
			neg = !neg
		}
		if name := condName(cond, 0); name != "" {
			byName[name] = append(byName[name], ifi)
			refs[ifi] = condRef{name: name, neg: neg}
		}
	}
	out := map[*ssa.If]condRef{}
	for _, ifs := range byName {
		if len(ifs) < 2 {
			continue
		}
		for _, ifi := range ifs {
			out[ifi] = refs[ifi]
		}
	}
	return out
}

func condName(v ssa.Value, depth int) string {
	if depth > 6 {
		return ""
	}
	switch v := v.(type) {
	case *ssa.Parameter:
		return "param:" + v.Name()
	case *ssa.FreeVar:
		return "free:" + v.Name()
	case *ssa.UnOp:
		if v.Op != token.MUL {
			return ""
		}
		if x := addrName(v.X, depth+1); x != "" {
			return "*" + x
		}
	case *ssa.BinOp:
		k, ok := v.Y.(*ssa.Const)
		if !ok {
			return ""
		}
		x := condName(v.X, depth+1)
		if x == "" {
			return ""
		}
		val := "nil"
		if k.Value != nil {
			val = k.Value.ExactString()
		}
		op := v.Op
		if op == token.NEQ {
			// x != c is the negation of x == c: one name, the
			// polarity is carried by condRef.neg.
			op = token.EQL
		}
		return x + op.String() + val
	case *ssa.Call:
		// len(x) or cap(x) of a named x: `if len(tw.changes) != 0`
		// tested before the Lock and again before the Unlock.
		if b, ok := v.Call.Value.(*ssa.Builtin); ok && (b.Name() == "len" || b.Name() == "cap") && len(v.Call.Args) == 1 {
			if x := condName(v.Call.Args[0], depth+1); x != "" {
				return b.Name() + "(" + x + ")"
			}
		}
	case *ssa.Extract:
		// v, ok := x.(T): the same assertion on the same x.
		if ta, ok := v.Tuple.(*ssa.TypeAssert); ok && ta.CommaOk && v.Index == 1 {
			if x := condName(ta.X, depth+1); x != "" {
				return "(" + x + ").(" + ta.AssertedType.String() + ")"
			}
		}
	}
	return ""
}

func addrName(a ssa.Value, depth int) string {
	if depth > 6 {
		return ""
	}
	switch a := a.(type) {
	case *ssa.FieldAddr:
		x := condName(a.X, depth+1)
		if x == "" {
			if p, ok := a.X.(*ssa.Parameter); ok {
				x = "param:" + p.Name()
			} else if f, ok := a.X.(*ssa.FreeVar); ok {
				x = "free:" + f.Name()
			} else if _, ok := a.X.(ssa.Instruction); ok {
				// A pointer computed once (a call's result, say):
				// the same register names the same object.
				x = "reg:" + a.X.Name()
			} else {
				return ""
			}
		}
		return x + "." + fieldName(a)
	case *ssa.Global:
		return "global:" + a.Name()
	case *ssa.Alloc:
		return "local:" + a.Name()
	case *ssa.FreeVar:
		return "free:" + a.Name()
	}
	return ""
}

func fieldName(fa *ssa.FieldAddr) string {
	p, ok := fa.X.Type().Underlying().(*types.Pointer)
	if !ok {
		return "?"
	}
	st, ok := p.Elem().Underlying().(*types.Struct)
	if !ok || fa.Field >= st.NumFields() {
		return "?"
	}
	return st.Field(fa.Field).Name()
}

// paramGuarded reports whether instr runs only on one branch of a test of
// a bool parameter of its function.
func paramGuarded(instr ssa.Instruction) bool {
	b := instr.Block()
	for d := b.Idom(); d != nil; d = d.Idom() {
		ifi, ok := d.Instrs[len(d.Instrs)-1].(*ssa.If)
		if !ok {
			continue
		}
		cond := ifi.Cond
		if not, ok := cond.(*ssa.UnOp); ok && not.Op == token.NOT {
			cond = not.X
		}
		if _, ok := cond.(*ssa.Parameter); !ok {
			continue
		}
		if reachesBlock(d.Succs[0], b, d) != reachesBlock(d.Succs[1], b, d) {
			return true
		}
	}
	return false
}

// reachesBlock reports whether a path from from reaches to without
// passing through avoid.
func reachesBlock(from, to, avoid *ssa.BasicBlock) bool {
	return chanflow.ReachesBlock(to, avoid, from)
}

// returnsHandle reports whether a result of sig is a value its caller can
// release a lock through: a func, or a type with methods.
func returnsHandle(sig *types.Signature) bool {
	res := sig.Results()
	for i := 0; i < res.Len(); i++ {
		t := res.At(i).Type()
		switch u := t.Underlying().(type) {
		case *types.Signature:
			return true
		case *types.Interface:
			if u.NumMethods() > 0 && !types.Identical(t, types.Universe.Lookup("error").Type()) {
				return true
			}
			continue
		case *types.Pointer:
			t = u.Elem()
		}
		if _, named := t.(*types.Named); named && types.NewMethodSet(types.NewPointer(t)).Len() > 0 {
			return true
		}
	}
	return false
}

// doomedBlocks returns the blocks of fn from which every path ends in a
// panic: a block that panics, or whose successors all are doomed. A loop
// that may run for ever is not doomed.
func doomedBlocks(fn *ssa.Function) map[*ssa.BasicBlock]bool {
	out := map[*ssa.BasicBlock]bool{}
	if lockflow.RecoveredReturn(fn) != nil {
		// Its panics are control flow, not assertions: the function
		// recovers them and returns.
		return out
	}
	for changed := true; changed; {
		changed = false
		for _, b := range fn.Blocks {
			if out[b] || len(b.Instrs) == 0 {
				continue
			}
			doomed := false
			if _, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Panic); ok {
				doomed = true
			} else if len(b.Succs) > 0 {
				doomed = true
				for _, s := range b.Succs {
					if !out[s] {
						doomed = false
						break
					}
				}
			}
			if doomed {
				out[b] = true
				changed = true
			}
		}
	}
	return out
}

// sharedBeforeReturn reports whether the struct a is handed on (see
// handedOn) by anything but the returns of its function.
func sharedBeforeReturn(a *ssa.Alloc) bool {
	refs := a.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		if _, isRet := r.(*ssa.Return); isRet {
			continue
		}
		if handedOnBy(a, r, 0) {
			return true
		}
	}
	return false
}

// privateLocal reports whether root ("v" and the name of an Alloc of fn)
// names a local variable whose address goes nowhere but to the methods of
// the sync locks inside it, to loads and to stores into it: no other
// goroutine, closure or callee can reach it.
func privateLocal(fn *ssa.Function, root string) bool {
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			if a, ok := instr.(*ssa.Alloc); ok && "v"+a.Name() == root {
				return !escapes(a, 0)
			}
		}
	}
	return false
}

func escapes(v ssa.Value, depth int) bool {
	if depth > 8 {
		return true
	}
	refs := v.Referrers()
	if refs == nil {
		return false
	}
	for _, r := range *refs {
		switch r := r.(type) {
		case *ssa.FieldAddr:
			if escapes(r, depth+1) {
				return true
			}
		case *ssa.Store:
			if r.Val == v {
				return true // the address itself is stored somewhere
			}
		case *ssa.UnOp:
			if r.Op != token.MUL {
				return true
			}
		case *ssa.DebugRef:
		case *ssa.Call, *ssa.Defer:
			if op, recv := lockOpOf(r.(ssa.CallInstruction).Common()); op == opNone || recv != v {
				return true
			}
		default:
			return true
		}
	}
	return false
}

// viaOnce returns, for once.Do(f), a call of f: Do runs f before it
// returns, the first time (and later calls do nothing). Other calls are
// returned as they are.
func viaOnce(call *ssa.CallCommon) *ssa.CallCommon {
	if call.IsInvoke() || len(call.Args) != 2 {
		return call
	}
	fn := call.StaticCallee()
	if fn == nil {
		return call
	}
	obj, ok := fn.Object().(*types.Func)
	if !ok || !lockflow.SyncMethod(obj, "Once", "Do") {
		return call
	}
	switch f := call.Args[1].(type) {
	case *ssa.MakeClosure:
		// A method value (once.Do(s.init)) runs the method on the
		// receiver it bound: call the method, so its summary applies.
		if m := boundMethod(f); m != nil {
			return &ssa.CallCommon{Value: m, Args: []ssa.Value{f.Bindings[0]}}
		}
		return &ssa.CallCommon{Value: f}
	case *ssa.Function:
		return &ssa.CallCommon{Value: f}
	}
	return call
}

// boundMethod is, for a method value x.m of a concrete method outside
// package sync (whose lock methods are operations of their own), the
// function of m; otherwise nil.
func boundMethod(mc *ssa.MakeClosure) *ssa.Function {
	fn, ok := mc.Fn.(*ssa.Function)
	if !ok || len(mc.Bindings) != 1 || !strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
		return nil
	}
	m, ok := fn.Object().(*types.Func)
	if !ok || m.Pkg() == nil || m.Pkg().Path() == "sync" {
		return nil
	}
	if _, isIface := m.Type().(*types.Signature).Recv().Type().Underlying().(*types.Interface); isIface {
		return nil
	}
	return fn.Prog.FuncValue(m)
}

// boundLockOp reports a call of a lock's method value (f := mu.Unlock;
// f()): the operation, the receiver bound in the value, and the method.
func boundLockOp(call *ssa.CallCommon) (lockOp, ssa.Value, *types.Func) {
	mc, ok := call.Value.(*ssa.MakeClosure)
	if !ok || len(mc.Bindings) != 1 {
		return opNone, nil, nil
	}
	fn := mc.Fn.(*ssa.Function)
	if !strings.HasPrefix(fn.Synthetic, "bound method wrapper") {
		return opNone, nil, nil
	}
	m, ok := fn.Object().(*types.Func)
	if !ok || m.Pkg() == nil || m.Pkg().Path() != "sync" {
		return opNone, nil, nil
	}
	switch m.FullName() {
	case "(*sync.Mutex).Lock", "(*sync.RWMutex).Lock":
		return opLock, mc.Bindings[0], m
	case "(*sync.RWMutex).RLock":
		return opRLock, mc.Bindings[0], m
	case "(*sync.Mutex).Unlock", "(*sync.RWMutex).Unlock":
		return opUnlock, mc.Bindings[0], m
	case "(*sync.RWMutex).RUnlock":
		return opRUnlock, mc.Bindings[0], m
	}
	return opNone, nil, nil
}
