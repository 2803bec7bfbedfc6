package lostsendfields

// Only a method nothing calls receives: the pushes fill the buffer and
// then block. (An unexported method of an unexported type, reached by no
// interface.)
type rows struct {
	data chan int
}

func newRows() *rows { return &rows{data: make(chan int, 2)} }

func (r *rows) push(v int) {
	r.data <- v // want `send on rows\.data blocks forever once its buffer of 2 is full, leaking the goroutine: nothing that runs in this package receives from it \(discard would, but nothing calls it\) and this send can run more times than that`
}

func (r *rows) discard() {
	select {
	case <-r.data:
	default:
	}
}

func fillRows(vs []int) {
	r := newRows()
	for _, v := range vs {
		r.push(v)
	}
}

// The drain runs as a method value: ok.
type cells struct {
	data chan int
}

func newCells() *cells { return &cells{data: make(chan int, 2)} }

func (c *cells) push(v int) { c.data <- v } // ok: drain runs through the method value

func (c *cells) drain() {
	for range c.data {
	}
}

func fillCells(vs []int, run func(func())) {
	c := newCells()
	run(c.drain)
	for _, v := range vs {
		c.push(v)
	}
}

// A method reached through an interface, even one of another package, runs.
type tape struct {
	c chan byte
}

func (t *tape) Read(p []byte) (int, error) {
	p[0] = <-t.c // want `receive from tape\.c blocks forever`
	return 1, nil
}

func readTape() {
	var r interface{ Read([]byte) (int, error) } = &tape{c: make(chan byte)}
	_ = r
}
