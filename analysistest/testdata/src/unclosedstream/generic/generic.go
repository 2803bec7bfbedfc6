package generic // want package:"provides resources"

// Generic must-close types and type parameters in must-close positions.

// Pool hands out connections of any kind.
//
//leaklint:mustclose
type Pool[T any] struct{ items []T } // want Pool:"must be released by Close"

func (p *Pool[T]) Close() error { return nil } // want Close:"ignores param 0"

func NewPool[T any](n int) *Pool[T] { // want NewPool:"returns resource in result 0"
	return &Pool[T]{items: make([]T, n)}
}

func _() {
	p := NewPool[string](4) // want `the Pool created here is not closed`
	_ = p
}

func _() {
	p := NewPool[int](4) // ok
	defer p.Close()
}

// A type parameter whose instance is a must-close type: not inferred as
// a constructor, and not a crash.
func build[T any](f func() T) T { return f() }

func _() {
	p := build(func() *Pool[int] { return NewPool[int](1) }) // ok: build is not seen as a constructor
	_ = p
}

// A constraint naming the release method: the helper closes.
func closeIt[C interface{ Close() error }](c C) { c.Close() }

func _() {
	p := NewPool[byte](1) // ok
	closeIt(p)
}

// Recursion through a generic helper.
func closeLater[T any](p *Pool[T], n int) { // want closeLater:"releases param 0"
	if n == 0 {
		p.Close()
		return
	}
	closeLater(p, n-1)
}

func _() {
	p := NewPool[rune](1) // ok
	closeLater(p, 2)
}
