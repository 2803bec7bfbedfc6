package lostsendfields

type balancer struct{ addrs chan string }

func (b *balancer) watch(done chan bool) { // want watch:`sends\(1: 0\)`
	for range b.addrs {
	}
}

func dial(b *balancer) {
	done := make(chan bool)
	go b.watch(done)
	<-done // want `receive from done blocks forever, leaking the goroutine: the only goroutine given it, watch, never sends on it or closes it`
}

func closeAddrs(b *balancer) { close(b.addrs) }

func newBalancer() *balancer { return &balancer{addrs: make(chan string)} }

func (b *balancer) watchAndSignal(done chan bool) { // want watchAndSignal:`sends\(1: 0\)`
	defer close(done)
	for range b.addrs {
	}
}

func dialFixed(b *balancer) {
	done := make(chan bool)
	go b.watchAndSignal(done)
	<-done // ok: the goroutine closes it when it ends
}

func waitConsumer(in chan int) {
	done := make(chan struct{})
	go func() {
		for v := range in {
			if v < 0 {
				return
			}
		}
		close(done)
	}()
	in <- 1
	close(in)
	<-done // want `receive from done may block forever, leaking the goroutine: the only goroutine that sends on it or closes it can return without doing so \(line 37\)`
}

func waitConsumerFixed(in chan int) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		for v := range in {
			if v < 0 {
				return
			}
		}
	}()
	in <- 1
	close(in)
	<-done // ok: the deferred close runs on every way out
}

// Errors are optional: the buffer may stay empty, and the receive is
// guarded by its length: ok.
func optionalErrors(stop chan struct{}, get func() error) {
	errc := make(chan error, 8)
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				if err := get(); err != nil {
					errc <- err
					return
				}
			}
		}
	}()
	close(stop)
	if len(errc) > 0 {
		_ = <-errc // ok: only when a value is there
	}
}

// One goroutine per item, each sending its result: ok.
func perItem(items []int, out chan int) { // want perItem:`sends\(1: 1\)`
	res := make(chan int, len(items))
	for _, it := range items {
		go func() {
			if it < 0 {
				return
			}
			res <- it
		}()
	}
	out <- <-res // ok: many goroutines, the pass cannot tell which signals
}
