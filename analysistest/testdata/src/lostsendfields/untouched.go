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
