// Package heldoutmissingdone holds shapes seen on held-out corpora.
package heldoutmissingdone

import "sync"

// pump copies in a goroutine and counts itself down through the group it
// was given in a field (caddy's switchProtocolCopier).
type pump struct {
	wg *sync.WaitGroup
	n  int
}

func (p pump) run(out chan<- int) {
	defer p.wg.Done()
	out <- p.n
}

// The group's address is stored in a struct the goroutine's receiver
// carries: the go statement starts the goroutine the Add counted.
func groupInStructField() int {
	var wg sync.WaitGroup
	out := make(chan int, 1)
	p := pump{wg: &wg, n: 1}
	wg.Add(1)
	go p.run(out) // ok
	wg.Wait()
	return <-out
}

// The same through a pointer receiver.
func (p *pump) runPtr(out chan<- int) {
	defer p.wg.Done()
	out <- p.n
}

func groupInStructFieldPtr() int {
	var wg sync.WaitGroup
	out := make(chan int, 1)
	p := &pump{wg: &wg, n: 1}
	wg.Add(1)
	go p.runPtr(out) // ok
	wg.Wait()
	return <-out
}

// Nothing is started between the Add and the Wait: still reported.
func waitBeforeGo() int {
	var wg sync.WaitGroup
	out := make(chan int, 1)
	p := pump{wg: &wg, n: 1}
	wg.Add(1) // want `wg.Add counts a goroutine that is not started on the path to the Wait`
	wg.Wait()
	go p.run(out)
	return <-out
}
