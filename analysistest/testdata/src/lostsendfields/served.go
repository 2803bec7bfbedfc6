package lostsendfields

// A node answers queries from one loop; stop ends the loop, and a query
// made afterwards waits for an answer that never comes.
type node struct {
	queries chan chan int
	quit    chan struct{}
}

func newNode() *node { // want newNode:"returns a value whose goroutine is released by stop"
	n := &node{queries: make(chan chan int), quit: make(chan struct{})}
	go n.loop()
	return n
}

func (n *node) loop() {
	for {
		select {
		case q := <-n.queries:
			q <- 1
		case <-n.quit:
			return
		}
	}
}

func (n *node) stop() { close(n.quit) }

func askLater(n *node) { go n.query() }

func (n *node) query() int {
	q := make(chan int, 1)
	n.queries <- q // want `send on node\.queries blocks forever once loop has returned, leaking the goroutine: loop is its only receiver and it returns at line 22`
	return <-q
}

// The fixed node gives up once the loop has gone.
type safeNode struct {
	queries chan chan int
	quit    chan struct{}
}

func newSafeNode() *safeNode { // want newSafeNode:"returns a value whose goroutine is released by stop"
	n := &safeNode{queries: make(chan chan int), quit: make(chan struct{})}
	go n.loop()
	return n
}

func (n *safeNode) loop() {
	for {
		select {
		case q := <-n.queries:
			q <- 1
		case <-n.quit:
			return
		}
	}
}

func (n *safeNode) stop() { close(n.quit) }

func askSafeLater(n *safeNode) { go n.query() }

func (n *safeNode) query() int {
	q := make(chan int, 1)
	select {
	case n.queries <- q: // ok: gives up when quit is closed
	case <-n.quit:
		return 0
	}
	return <-q
}

// A loop that only this channel ends: the send is what stops it.
type stopper struct {
	halt chan bool
}

func newStopper() *stopper { // want newStopper:"returns a value whose goroutine is released by stop"
	s := &stopper{halt: make(chan bool)}
	go s.run()
	return s
}

func (s *stopper) run() {
	for {
		select {
		case <-s.halt:
			return
		default:
		}
	}
}

func (s *stopper) stop() { s.halt <- true } // ok: the loop returns only by taking this value

// Sequential callers order the sends before the stop.
type pump struct {
	in   chan int
	quit chan bool
}

func newPump() *pump { // want newPump:"returns a value whose goroutine is released by stop"
	p := &pump{in: make(chan int), quit: make(chan bool)}
	go p.loop()
	return p
}

func (p *pump) loop() {
	for {
		select {
		case <-p.in:
		case <-p.quit:
			return
		}
	}
}

func (p *pump) push(v int) { p.in <- v } // ok: called in order, before stop

func (p *pump) stop() { close(p.quit) }

func usePump(vs []int) {
	p := newPump()
	for _, v := range vs {
		p.push(v)
	}
	p.stop()
}
