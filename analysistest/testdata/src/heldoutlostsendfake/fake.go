// Package heldoutlostsendfake is a test fake whose unused method receives
// from a channel nothing feeds.
package heldoutlostsendfake

// index is what the store needs of its index; the test gives it a fake.
type index interface {
	Get(k string) int
	Since(rev int) []int
}

type store struct{ idx index }

func (s *store) lookup(k string) int { return s.idx.Get(k) }

// fakeIndex answers from channels the test feeds. Nothing ever calls
// Since, neither directly nor through the interface, so its receive from a
// channel nothing feeds never runs (etcd mvcc's fakeIndex.RangeSince).
type fakeIndex struct {
	getc   chan int
	sincec chan []int
}

func (f *fakeIndex) Get(k string) int { return <-f.getc }

func (f *fakeIndex) Since(rev int) []int {
	return <-f.sincec // ok
}

func newFakeStore() *store {
	return &store{idx: &fakeIndex{getc: make(chan int, 1), sincec: make(chan []int, 1)}}
}

func feedsGet() int {
	s := newFakeStore()
	s.idx.(*fakeIndex).getc <- 1
	return s.lookup("a")
}

// The package starts goroutines, as etcd's mvcc does.
func lookupAsync(s *store) int {
	done := make(chan int, 1)
	go func() { done <- s.lookup("b") }()
	return <-done
}
