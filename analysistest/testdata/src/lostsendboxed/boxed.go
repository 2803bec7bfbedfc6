// Package lostsendboxed: a blocking operation in a method that only an
// interface call could reach is reported only when such a call can be
// shown: one of the method's name in this package, or a box that code
// out of sight can name and call it through.
package lostsendboxed

import "io"

// cache is what the loader needs; the tests give it a stub.
type cache interface {
	Load(key string) []byte
	Evict(key string)
	Flush() error
}

type loader struct{ c cache }

func (l *loader) get(k string) []byte { return l.c.Load(k) }

func (l *loader) drop(k string) { l.c.Evict(k) }

// stubCache answers from channels. Load and Evict are called through the
// cache interface. Flush is in the interface, but no call in the package
// names it, and cache never leaves the package: its receive never runs.
type stubCache struct {
	loads   chan []byte
	evicted chan string
	flushes chan error
}

func (s *stubCache) Load(key string) []byte { return <-s.loads }

func (s *stubCache) Evict(key string) {
	<-s.evicted // want `receive from stubCache\.evicted blocks forever`
}

func (s *stubCache) Flush() error {
	return <-s.flushes // ok: nothing ever calls Flush
}

func newStubLoader() *loader {
	return &loader{c: &stubCache{loads: make(chan []byte, 1), evicted: make(chan string), flushes: make(chan error)}}
}

func useStub() []byte {
	l := newStubLoader()
	l.c.(*stubCache).loads <- []byte("v")
	done := make(chan []byte, 1)
	go func() {
		l.drop("k")
		done <- l.get("k")
	}()
	return <-done
}

// pipe is handed out as an io.Closer: io's users call Close.
type pipe struct{ closed chan struct{} }

func (p *pipe) Close() error {
	<-p.closed // want `receive from pipe\.closed blocks forever`
	return nil
}

func (p *pipe) Reset() {
	<-p.closed // ok: no call of Reset anywhere, and io.Closer has none
}

func closer() io.Closer { return &pipe{closed: make(chan struct{})} }

// spool is boxed in the package's own interface, and that box is then
// handed on as an io.Closer: the Close in between is reachable.
type flusher interface {
	Close() error
	Sync()
}

type spool struct{ acks chan bool }

func (s *spool) Close() error {
	<-s.acks // want `receive from spool\.acks blocks forever`
	return nil
}

func (s *spool) Sync() {
	<-s.acks // ok: Sync is only in flusher, which nothing calls it through
}

func spoolCloser() io.Closer {
	var f flusher = &spool{acks: make(chan bool)}
	return f
}

// ticket is unexported, but the exported API hands it out: its exported
// methods are callable from other packages.
type ticket struct{ grant chan int }

func Issue() *ticket { return &ticket{grant: make(chan int)} }

func (t *ticket) Wait() int {
	return <-t.grant // want `receive from ticket\.grant blocks forever`
}

// hidden is unexported and never handed out; its exported method is never
// called, and the box it goes into is the package's own, without it.
type hidden struct{ in chan int }

type sizer interface{ size() int }

func (h *hidden) size() int { return 0 }

func (h *hidden) Next() int {
	return <-h.in // ok: nothing can call Next
}

func measure() int {
	var s sizer = &hidden{in: make(chan int)}
	return s.size()
}

// wrapped embeds a stub; the wrapper goes out as an io.Closer, so the
// promoted Close runs.
type inner struct{ bye chan struct{} }

func (i *inner) Close() error {
	<-i.bye // want `receive from inner\.bye blocks forever`
	return nil
}

type wrapped struct{ *inner }

func wrappedCloser() io.Closer { return wrapped{&inner{bye: make(chan struct{})}} }
