package issue13review

import "sync"

// P27: a server whose request loop takes the lock the sender holds.
type hub struct {
	mu      sync.Mutex
	clients map[int]bool
	joins   chan int
}

func newHub() *hub {
	h := &hub{clients: map[int]bool{}, joins: make(chan int)}
	go h.loop()
	return h
}

func (h *hub) loop() {
	for id := range h.joins {
		h.mu.Lock()
		h.clients[id] = true
		h.mu.Unlock()
	}
}

func (h *hub) join(id int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.clients[id] {
		return
	}
	h.joins <- id // want `sends on hub.joins while holding h.mu`
}

// P28: correct: select with default never blocks under the lock.
func (h *hub) tryJoin(id int) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	select {
	case h.joins <- id: // ok
		return true
	default:
		return false
	}
}

// P29: a goroutine holding a lock waits for a reply from a worker that
// must take the same lock first.
type pool struct {
	mu    sync.Mutex
	jobs  chan int
	reply chan int
	seen  int
}

func newPool() *pool {
	p := &pool{jobs: make(chan int), reply: make(chan int)}
	go p.work()
	return p
}

func (p *pool) work() {
	for j := range p.jobs {
		p.mu.Lock()
		p.seen++
		p.mu.Unlock()
		p.reply <- j * 2
	}
}

func (p *pool) do(j int) int {
	p.jobs <- j
	p.mu.Lock()
	defer p.mu.Unlock()
	return <-p.reply // want `receives from pool.reply while holding p.mu`
}

// P30: correct: the reply is read after the unlock.
func (p *pool) doFixed(j int) int {
	p.jobs <- j
	r := <-p.reply // ok
	p.mu.Lock()
	p.seen--
	p.mu.Unlock()
	return r
}
