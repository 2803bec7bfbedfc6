package undrainedchan

// The pipeline idiom: every send of the producer can give way to a done
// channel the caller closes. Whether it is closed is the caller's to
// show, and nothing here shows it is not: no finding.

func countDone(done <-chan struct{}, n int) <-chan int { // want countDone:`drains\(0\)`
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			select {
			case ch <- i:
			case <-done:
				return
			}
		}
	}()
	return ch
}

func firstOfDone(n int) int {
	done := make(chan struct{})
	defer close(done)
	for v := range countDone(done, n) { // ok: closing done releases the producer
		return v
	}
	return -1
}

// Without the done case the same producer blocks once the caller stops.

func countPlain(n int) <-chan int { // want countPlain:`producer\(result 0\)`
	ch := make(chan int)
	go func() {
		defer close(ch)
		for i := 0; i < n; i++ {
			ch <- i
		}
	}()
	return ch
}

func firstOfPlain(n int) int {
	for v := range countPlain(n) { // want `the channel from undrainedchan\.countPlain is received only once`
		return v
	}
	return -1
}
