// Package feasible holds lock orders and re-locks whose deadlock needs a
// path the analysis cannot show to run together with the other one.
package feasible

import "sync"

type session struct {
	mu     sync.Mutex
	closed bool
}

func (s *session) isClosed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.closed
}

type reader struct {
	mu      sync.Mutex
	reading bool
	sess    *session
}

// read looks at the session only to word its panic: the order reader.mu
// then session.mu is taken on a path that ends in a panic whatever happens.
func (r *reader) read() int {
	r.mu.Lock()
	if r.reading {
		closed := r.sess.isClosed() // ok: the path panics right after
		r.mu.Unlock()
		if closed {
			panic("read after close")
		}
		panic("concurrent Read")
	}
	r.reading = true
	r.mu.Unlock()
	return 0
}

// close takes the locks the other way round.
func (s *session) close(r *reader) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	r.mu.Lock()
	r.reading = false
	r.mu.Unlock()
}

type pipe struct {
	mu   sync.Mutex
	down *sink
}

type sink struct {
	mu sync.Mutex
	up *pipe
}

// push takes pipe.mu then sink.mu on the normal path: with drain taking
// them the other way round, two goroutines deadlock.
func (p *pipe) push() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.down.mu.Lock() // want `sink.mu is taken here while pipe.mu is held`
	p.down.mu.Unlock()
}

func (s *sink) drain() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.up.mu.Lock()
	s.up.mu.Unlock()
}

type queue struct {
	mu   sync.Mutex
	jobs []int
	log  *journal
}

type journal struct {
	mu sync.Mutex
	q  *queue
	n  int
}

// serve never returns, but its paths do not end in a panic either: the
// order queue.mu then journal.mu it takes is as real as any.
func (q *queue) serve(tick <-chan int) {
	for v := range tick {
		q.mu.Lock()
		q.jobs = append(q.jobs, v)
		q.log.mu.Lock() // want `journal.mu is taken here while queue.mu is held`
		q.log.n++
		q.log.mu.Unlock()
		q.mu.Unlock()
	}
	for {
	}
}

func (j *journal) compact() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.q.mu.Lock()
	j.q.jobs = nil
	j.q.mu.Unlock()
}
