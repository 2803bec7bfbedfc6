// Package realcode holds shapes found on real code that missingunlock
// must understand, written small.
package realcode

import "sync"

// A read lock taken once per loop iteration and released as many times
// by a second loop: the count is not followed, so nothing is reported.
func readersInLoops(n int) {
	var mu sync.RWMutex
	i := 0
	for ; i < n; i++ {
		mu.RLock() // ok: released by the loop below as many times
	}
	for ; i > 0; i-- {
		mu.RUnlock()
	}
}

type server struct {
	metricsMu sync.Mutex
	calls     int
}

// A flag makes sure the lock is taken once across iterations, and the
// deferred unlock releases it at the return.
func (s *server) flagGuarded(reqs []int) {
	locked := false
	for _, r := range reqs {
		if r > 0 && !locked {
			s.metricsMu.Lock() // ok: once, the flag guards the next iterations
			defer s.metricsMu.Unlock()
			locked = true
		}
		s.calls++
	}
}

type conn struct {
	mu    sync.Mutex
	owner *pool
}

type pool struct {
	mu    sync.Mutex
	idle  []*conn
	first *conn
}

// reconnectAndUnlock is called with c.mu held and releases it before it
// takes the pool's lock: no order between the two is established.
func (c *conn) reconnectAndUnlock() { // want reconnectAndUnlock:"releases p0.mu"
	c.mu.Unlock()
	c.owner.mu.Lock()
	c.owner.idle = append(c.owner.idle, c)
	c.owner.mu.Unlock()
}

func (c *conn) reconnect() {
	c.mu.Lock()
	c.reconnectAndUnlock() // ok: c.mu is released before pool.mu is taken
}

func (p *pool) closeAll() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.idle {
		c.mu.Lock()
		c.owner = nil
		c.mu.Unlock()
	}
}

// closeFirst takes the pool's lock, then a conn's: the only order there is.
func (p *pool) closeFirst() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.first.mu.Lock() // ok
	p.first.owner = nil
	p.first.mu.Unlock()
}

type stream interface {
	Recv() (int, error)
}

// The same flag in an endless receive loop, nested in a second condition.
func (s *server) flagInEndlessLoop(st stream, record func(int) bool) error {
	hasLock := false
	for {
		v, err := st.Recv()
		if err != nil {
			return err
		}
		if ok := record(v); ok && v > 0 {
			if !hasLock {
				s.metricsMu.Lock() // ok: once
				defer s.metricsMu.Unlock()
				hasLock = true
			}
			s.calls += v
		}
	}
}

// The flag merged at several joins before the back edge, with a loop
// after it, as in a streaming handler.
func (s *server) flagMergedTwice(st stream, parts func(int) []int) error {
	hasLock := false
	for {
		v, err := st.Recv()
		if err != nil {
			return err
		}
		if v > 0 {
			if v > 10 {
				s.calls++
			} else if !hasLock {
				s.metricsMu.Lock() // ok: once
				defer s.metricsMu.Unlock()
				hasLock = true
			}
		}
		for _, p := range parts(v) {
			if p < 0 {
				return nil
			}
		}
	}
}

// Real on the corpus: a connection attempt holds its own lock and read-
// locks the client's, while a test holds the client's and locks the
// connection's.
type client struct {
	mu    sync.RWMutex
	conns map[*attempt]bool
	opts  int
}

type attempt struct {
	mu   sync.Mutex
	cc   *client
	opts int
}

func (a *attempt) dial() {
	a.mu.Lock()
	a.cc.mu.RLock() // want `client.mu is taken here while attempt.mu is held \(line 148\), but in the opposite order at realcode.go:163`
	a.opts = a.cc.opts
	a.cc.mu.RUnlock()
	a.mu.Unlock()
}

func (a *attempt) update() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.opts++
}

func touchAll(c *client, a *attempt) {
	c.mu.Lock()
	a.update()
	c.mu.Unlock()
}

// Real on the corpus: a restore callback holds the inner writer's lock
// (deferred) and calls a setter that takes the outer one.
type inner struct {
	mu  sync.Mutex
	buf []byte
}

type outer struct {
	mu sync.Mutex
	w  *inner
}

func (o *outer) write(p []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.w.mu.Lock() // want `inner.mu is taken here while outer.mu is held`
	o.w.buf = append(o.w.buf, p...)
	o.w.mu.Unlock()
}

func (o *outer) set(w *inner) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.w = w
}

func restore(o *outer, w *inner, failed bool) {
	if failed {
		w.mu.Lock()
		defer w.mu.Unlock()
	}
	o.set(nil)
}

// The caller says whether it already holds the lock: nats' needLock.
type store struct {
	mu   sync.RWMutex
	msgs map[int]string
	log  []string
}

func (st *store) load(seq int, needLock bool) string {
	if needLock {
		st.mu.RLock()
		defer st.mu.RUnlock()
	}
	return st.msgs[seq]
}

func (st *store) compact() {
	st.mu.Lock()
	defer st.mu.Unlock()
	_ = st.load(1, false) // ok: told not to lock
}

// flushIfDirty locks only when there is something to flush: a caller
// holding the lock deadlocks on that path.
func (st *store) flushIfDirty() {
	if len(st.log) > 0 {
		st.mu.Lock()
		st.log = nil
		st.mu.Unlock()
	}
}

func (st *store) append(s string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.log = append(st.log, s)
	st.flushIfDirty() // want `flushIfDirty locks st.mu, which this path already locked`
}

// A test holds the lock on purpose and waits with a timeout: the select
// does not block for ever.
func holdsWithTimeout(st *store, after <-chan struct{}) bool {
	st.mu.Lock()
	defer st.mu.Unlock()
	done := make(chan bool, 1)
	go func() {
		st.mu.Lock()
		st.mu.Unlock()
		done <- true
	}()
	select {
	case <-done: // ok: the other case ends the wait
		return true
	case <-after:
		return false
	}
}

// `if false` never returns.
func emptyGuard(mu *sync.Mutex) {
	mu.Lock() // ok
	if false {
		return
	}
	mu.Unlock()
}

type backend interface{ size() int }

type diskStore struct{ mu sync.Mutex }
type memStore struct{ mu sync.Mutex }

func (d *diskStore) size() int { return 0 }
func (m *memStore) size() int  { return 0 }

// The same type switch twice takes the same branch both times.
func pinStore(b backend) {
	if d, ok := b.(*diskStore); ok {
		d.mu.Lock()
	} else if m, ok := b.(*memStore); ok {
		m.mu.Lock()
	}
	if d, ok := b.(*diskStore); ok {
		d.mu.Unlock() // ok
	} else if m, ok := b.(*memStore); ok {
		m.mu.Unlock()
	}
}

type peer struct {
	mu  sync.Mutex
	srv *hub
}

type hub struct {
	mu    sync.Mutex
	peers []*peer
}

// A peer being built is locked before anyone else can see it: taking the
// hub's lock then makes no order with the hub's own.
func (h *hub) connect() *peer {
	p := &peer{srv: h}
	p.mu.Lock()
	h.mu.Lock() // ok: p is not shared yet
	h.peers = append(h.peers, p)
	h.mu.Unlock()
	p.mu.Unlock()
	return p
}

func (h *hub) broadcast(first *peer) {
	h.mu.Lock()
	defer h.mu.Unlock()
	first.mu.Lock()
	first.mu.Unlock()
}

// refresh is called with p.mu held; it drops it while it takes the hub's.
func (p *peer) refresh() {
	p.mu.Unlock()
	p.srv.mu.Lock()
	p.srv.mu.Unlock()
	p.mu.Lock()
}

func (p *peer) update() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refresh() // ok: no peer-then-hub order
}

// Both orders of registry and entry, but the registry is only read-locked
// on both sides: two goroutines alone cannot block each other.
type registry struct {
	mu      sync.RWMutex
	entries []*entry
}

type entry struct {
	mu sync.Mutex
	n  int
}

func (r *registry) count(e *entry) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	e.mu.Lock() // ok: read-read on the registry
	defer e.mu.Unlock()
	return e.n
}

func (e *entry) register(r *registry) {
	e.mu.Lock()
	defer e.mu.Unlock()
	r.mu.RLock()
	e.n = len(r.entries)
	r.mu.RUnlock()
}

// Locks of objects a callee creates: nobody else holds them yet. vault's
// Clone and CloneConfig take a new config's and a new client's lock under
// the other's.
type settings struct {
	mu   sync.RWMutex
	addr string
}

type api struct {
	mu  sync.RWMutex
	cfg *settings
}

func defaultSettings() *settings {
	s := &settings{}
	s.mu.Lock() // ok: a new object
	s.addr = "localhost"
	s.mu.Unlock()
	return s
}

func newAPI(cfg *settings) *api {
	a := &api{cfg: cfg}
	a.mu.Lock() // ok: a new object
	a.mu.Unlock()
	return a
}

func (a *api) cloneSettings() *settings {
	a.mu.RLock()
	defer a.mu.RUnlock()
	s := defaultSettings() // ok
	s.addr = a.cfg.addr
	return s
}

func (a *api) clone() *api {
	a.cfg.mu.RLock()
	defer a.cfg.mu.RUnlock()
	return newAPI(a.cfg) // ok
}

// A constructor with named results, as vault's NewClient.
func newAPINamed(cfg *settings) (a *api, err error) {
	if cfg == nil {
		return nil, errNoSettings
	}
	a = &api{cfg: cfg}
	return a, nil
}

var errNoSettings = fmtError("no settings")

type fmtError string

func (e fmtError) Error() string { return string(e) }

func (a *api) setAddr(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg.addr = addr
}

func (a *api) cloneNamed() *api {
	a.cfg.mu.RLock()
	defer a.cfg.mu.RUnlock()
	b, _ := newAPINamed(a.cfg)
	b.setAddr("x") // ok: b is new
	return b
}

func (a *api) setBoth(addr string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.cfg.mu.Lock()
	defer a.cfg.mu.Unlock()
	a.cfg.addr = addr
}
