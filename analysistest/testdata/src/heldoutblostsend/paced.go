package heldoutblostsend

// The shape of syncthing's folder_sendrecv_test.go: a stage of a pipeline
// turns each job it takes from in into one result on out. The function
// feeds the jobs through a helper whose count the pass does not follow and
// takes a fixed number of results: how many results are due is paced by
// what it fed, not known to exceed what it took.

type job struct{ parts int }

type stage struct{ failed bool }

func (s *stage) run(in <-chan job, out chan<- job) { // want run:`sends\(2: many\)`
	for j := range in {
		if s.failed {
			out <- j
			continue
		}
		for i := 0; i < j.parts; i++ {
			j.parts--
		}
		out <- j
	}
}

func (s *stage) enqueue(j job, in chan<- job) { // want enqueue:`sends\(2: 1\)`
	if j.parts > 0 {
		in <- j
	}
}

func pacedByHelper(s *stage) job {
	in := make(chan job)
	out := make(chan job, 1)
	go s.run(in, out)
	defer close(in)
	s.enqueue(job{parts: 2}, in)
	return <-out
}

// The same when the jobs channel is a variable a deferred closure closes,
// and nothing at all is taken from out.
func pacedCaptured(s *stage, j job) {
	in := make(chan job)
	out := make(chan job, 1)
	go s.run(in, out)
	defer func() {
		close(in)
	}()
	if j.parts > 0 {
		in <- j
	}
}

func pacedByClosure(s *stage) {
	in := make(chan job)
	out := make(chan job, 1)
	go func() {
		for j := range in {
			out <- j
		}
	}()
	defer close(in)
	in <- job{parts: 1}
	in <- job{parts: 2}
	<-out
}

// Jobs that come from elsewhere are not paced by this function: the stage
// sends on for as long as they come, and one result is all it takes.
func fedElsewhere(s *stage, in <-chan job) job {
	out := make(chan job, 1)
	go s.run(in, out) // want `the goroutine sends on out in a loop, but this function can return after receiving once and its buffer holds 1`
	return <-out
}

// A loop of receives that returns early shows that more results were due.
func pacedLeftEarly(s *stage, jobs []job) bool {
	in := make(chan job)
	out := make(chan job)
	go func() {
		for j := range in {
			out <- j // want `the goroutine sends on out in a loop, but this function can return after receiving once`
		}
	}()
	go func() {
		defer close(in)
		for _, j := range jobs {
			in <- j
		}
	}()
	for range jobs {
		if r := <-out; r.parts == 0 {
			return false
		}
	}
	return true
}
