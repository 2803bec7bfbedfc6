package missingdone

import "sync"

// producer is sarama's asyncProducer, small: inFlight counts messages,
// and the dispatcher the constructor starts counts each one down when it
// has handled it.
type producer struct {
	input    chan *message
	inFlight sync.WaitGroup
	client   interface{ Close() error }
}

type message struct{ shutdown bool }

func newProducer() *producer {
	p := &producer{input: make(chan *message)}
	go p.dispatch()
	return p
}

func (p *producer) dispatch() {
	for msg := range p.input {
		if msg.shutdown {
			p.inFlight.Done()
			return
		}
		p.inFlight.Done()
	}
}

func (p *producer) Input(m *message) {
	p.inFlight.Add(1)
	p.input <- m
}

// shutdown counts the message it sends, not a goroutine: the running
// dispatcher counts it down.
func (p *producer) shutdown() {
	p.inFlight.Add(1) // ok
	p.input <- &message{shutdown: true}
	p.inFlight.Wait()
	_ = p.client.Close() // a call through an interface, that may count any group down
}

// worker's group counts the goroutine this function starts, only after
// the Wait: still reported.
type worker struct {
	wg  sync.WaitGroup
	out chan int
}

func (w *worker) run() {
	defer w.wg.Done()
	w.out <- 1
}

func (w *worker) startLate() {
	w.wg.Add(1) // want `w.wg.Add counts a goroutine that is not started on the path to the Wait`
	w.wg.Wait()
	go w.run()
}
