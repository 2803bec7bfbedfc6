// Package lostsendfields holds channels kept in struct fields whose whole
// life the package sees: every send, receive and close is here.
package lostsendfields

import "context"

// --- a receive nothing completes ---

type gate struct {
	open chan struct{} // nothing ever closes or sends on it
}

func (g *gate) wait() <-chan struct{} {
	if g == nil {
		return nil
	}
	return g.open
}

type job struct{ g *gate }

func (j *job) run() {
	<-j.g.wait() // want `receive from gate\.open blocks forever, leaking the goroutine: nothing in this package sends on it or closes it`
}

func startJob() {
	j := &job{g: &gate{open: make(chan struct{})}}
	go j.run()
}

type inbox struct {
	msgs chan int
}

func (b *inbox) next() int {
	select {
	case v := <-b.msgs: // want `receive from inbox\.msgs blocks forever`
		return v
	}
}

func newInbox() *inbox { return &inbox{msgs: make(chan int)} }

type feed struct {
	items chan string
}

func (f *feed) drain() {
	for range f.items { // want `receive from feed\.items blocks forever`
	}
}

func newFeed() *feed { return &feed{items: make(chan string, 4)} }

// --- a send nothing receives ---

type reporter struct {
	out chan error
}

func (r *reporter) finish(err error) {
	r.out <- err // want `send on reporter\.out blocks forever, leaking the goroutine: nothing in this package receives from it and it is unbuffered`
}

func newReporter() *reporter {
	r := &reporter{out: make(chan error)}
	go r.finish(nil)
	return r
}

type queue struct {
	slots chan int
}

func makeQueue(n int) *queue { return &queue{slots: make(chan int, n)} }

func (q *queue) put(v int) {
	q.slots <- v // want `send on queue\.slots blocks forever once its buffer of 2 is full, leaking the goroutine: nothing in this package receives from it and this send can run more times than that`
}

func fillQueue(vs []int) {
	q := makeQueue(2)
	for _, v := range vs {
		q.put(v)
	}
}

// --- a goroutine whose only way out never opens ---

type halt struct {
	c chan bool
}

type loop struct {
	h    *halt
	work chan func()
}

func (l *loop) serve() {
	for {
		select {
		case <-l.h.c: // want `goroutine never exits: its only way out is a receive from halt\.c, which nothing in this package sends on or closes`
			return
		case f := <-l.work:
			f()
		}
	}
}

func startLoop() *loop {
	l := &loop{h: &halt{c: make(chan bool)}, work: make(chan func())}
	go l.serve()
	return l
}

func (l *loop) do(f func()) { l.work <- f }

// --- ok: the partner is somewhere in the package ---

type pinger struct {
	done chan struct{}
	res  chan int
}

func newPinger() *pinger { // want newPinger:"returns a value whose goroutine is released by stop"
	p := &pinger{done: make(chan struct{}), res: make(chan int, 1)}
	go p.loop()
	return p
}

func (p *pinger) loop() {
	for {
		select {
		case <-p.done: // ok: stop closes it
			return
		case p.res <- 1:
		}
	}
}

func (p *pinger) stop() { close(p.done) }

func (p *pinger) get() int { return <-p.res } // ok: loop sends

// ok: a buffer with room for every send.
type once struct{ c chan int }

func (o *once) put() { o.c <- 1 } // ok: one send, buffer of one

func useOnce() {
	o := &once{c: make(chan int, 1)}
	o.put()
}

// ok: the channel leaves through an exported field of a library.
type Pipe struct {
	C chan int
}

func (p *Pipe) Wait() int { return <-p.C } // ok: callers may send on C

// ok: the channel comes from the caller, who may send on it too.
type watcher struct{ events chan int }

func newWatcher(ch chan int) *watcher { return &watcher{events: ch} }

func (w *watcher) next() int { return <-w.events } // ok: the caller owns the channel

// ok: handed to a function out of sight as a send-capable channel.
type relay struct{ c chan int }

func (r *relay) wait(register func(chan int)) int {
	register(r.c)
	return <-r.c // ok: register may keep it and send
}

func newRelay() *relay { return &relay{c: make(chan int)} }

// ok: a context's Done is not a field the package owns.
type ctxWaiter struct{ ctx context.Context }

func (w *ctxWaiter) wait() { <-w.ctx.Done() }

// ok: the goroutine can leave on its own.
type ticker struct {
	stop chan struct{}
	n    int
}

func (t *ticker) run() {
	for i := 0; ; i++ {
		select {
		case <-t.stop: // ok: the loop also ends on its own
			return
		default:
		}
		if i > t.n {
			return
		}
	}
}

func startTicker() { t := &ticker{stop: make(chan struct{})}; go t.run() }

// ok: a select with a default never blocks.
type poll struct{ c chan int }

func (p *poll) try() bool {
	select {
	case <-p.c: // ok: default
		return true
	default:
		return false
	}
}

func newPoll() *poll { return &poll{c: make(chan int)} }

// Two cases, neither of which anything completes.
type pair struct {
	left, right chan int
}

func (p *pair) either() int {
	select {
	case v := <-p.left: // want `select blocks forever, leaking the goroutine: nothing in this package sends on pair\.left or closes it`
		return v
	case v := <-p.right:
		return v
	}
}

func newPair() *pair { return &pair{left: make(chan int), right: make(chan int)} }

// ok: nothing here fills the field; whoever does (a test file of the
// package, say) may also receive.
type probe struct {
	id   int
	resp chan int
}

func answer(p *probe) { p.resp <- p.id } // ok: the channel is made out of sight

// Callers, so that none of the above is dead code.
func useAll() {
	newInbox().next()
	newFeed().drain()
	_ = newPair().either()
	p := newPinger()
	defer p.stop()
	_ = p.get()
	_ = newPoll().try()
	_ = newRelay()
}
