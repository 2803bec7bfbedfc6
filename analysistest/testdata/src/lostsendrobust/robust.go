// Package lostsendrobust holds shapes that must not crash lostsend:
// recursion, backward goto, generics, odd builtins, unreachable code.
package lostsendrobust

// Mutually recursive helpers sending on the channel: the count stays
// bounded and the leak is still seen.

func ping(ch chan int, n int) { // want ping:`sends\(0: many\)`
	if n > 0 {
		pong(ch, n-1)
	}
	ch <- n
}

func pong(ch chan int, n int) { ping(ch, n) } // want pong:`sends\(0: many\)`

func _(err error) int {
	ch := make(chan int)
	go ping(ch, 10) // want `send may block forever, leaking the goroutine`
	if err != nil {
		return 0
	}
	return <-ch
}

func self(ch chan int) { self(ch) } // want self:`sends\(0: 0\)`

func _() {
	ch := make(chan int)
	go self(ch) // ok: never sends
}

// A loop made of goto.

func _(xs []int) int {
	ch := make(chan int)
	go func() {
		i := 0
	again:
		if i < len(xs) {
			ch <- xs[i] // want `the goroutine sends on ch in a loop`
			i++
			goto again
		}
		close(ch)
	}()
	n := 0
top:
	v, ok := <-ch
	if !ok {
		return n
	}
	if v < 0 {
		return -1
	}
	n += v
	goto top
}

// Generic element types and channels of channels.

func gen[T any](v T) T {
	ch := make(chan T)
	go func() { ch <- v }() // ok: received on the only path
	return <-ch
}

var _ = gen[int]

func _() chan int {
	chs := make(chan chan int)
	go func() {
		inner := make(chan int, 1)
		inner <- 1
		chs <- inner // want `the goroutine sends on chs once, but this function can return without receiving from it`
	}()
	return nil
}

// Builtins and odd statements.

func _() {
	ch := make(chan int)
	go close(ch) // ok: closing is not sending
	<-ch
}

func _() {
	ch := make(chan int, 1<<40)
	go func() { ch <- 1 }() // ok: a huge buffer
}

func _() {
	ch := make(chan int)
	go func() {
		select {}
	}()
	go func() { ch <- 1 }() // ok: received below, whatever the other goroutine does
	<-ch
}

func _() int {
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: the function never returns
	for {
	}
}

func _() int {
	ch := make(chan int)
	go func() { ch <- 1 }() // ok: immediately received by a called literal
	return func() int { return <-ch }()
}
