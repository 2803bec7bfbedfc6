// Package heldoutlostsend holds shapes seen on held-out corpora.
package heldoutlostsend

func work() error { return nil }

// The writer closes ready on its first round, before it can reach the
// return: iter is still 0 then (prometheus TestDBCannotSeePartialCommits).
func closedOnFirstRound(stop chan struct{}) {
	ready := make(chan struct{})
	go func() {
		iter := 0
		for {
			for j := 0; j < 10; j++ {
				_ = work()
			}
			if iter == 0 {
				close(ready)
			}
			iter++
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	<-ready // ok
}

// The same with the test written the other way round.
func closedOnFirstRoundNeq(stop chan struct{}) {
	ready := make(chan struct{})
	go func() {
		for iter := 0; ; iter++ {
			if iter != 0 {
				select {
				case <-stop:
					return
				default:
				}
				continue
			}
			close(ready)
		}
	}()
	<-ready // ok
}

// The first round can return before it gets to the close: still reported.
func returnsBeforeFirstClose() {
	ready := make(chan struct{})
	go func() {
		iter := 0
		for {
			if work() != nil {
				return
			}
			if iter == 0 {
				close(ready)
			}
			iter++
		}
	}()
	<-ready // want `receive from ready may block forever`
}

// A counter that does not start at the tested value proves nothing.
func counterStartsElsewhere(stop chan struct{}) {
	ready := make(chan struct{})
	go func() {
		iter := 1
		for {
			if iter == 0 {
				close(ready)
			}
			iter++
			select {
			case <-stop:
				return
			default:
			}
		}
	}()
	<-ready // want `receive from ready may block forever`
}
