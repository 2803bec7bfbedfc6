package lostsendfields

type compactor struct {
	kick chan struct{}
	stop chan struct{}
}

func (c *compactor) start() { // want start:`starts a goroutine released by halt`
	c.kick <- struct{}{}
	go func() {
		for {
			select {
			case <-c.kick:
			case <-c.stop:
				return
			}
		}
	}()
}

func (c *compactor) halt() { close(c.stop) }

func runCompactor() {
	c := &compactor{kick: make(chan struct{}, 1), stop: make(chan struct{})}
	defer c.halt()
	c.kick <- struct{}{}
	c.start() // want `compactor\.start blocks forever, leaking the goroutine: it sends on compactor\.kick first, and this path has already filled its buffer of 1 before any other goroutine can hold it`
}

func runCompactorFixed() {
	c := &compactor{kick: make(chan struct{}, 1), stop: make(chan struct{})}
	defer c.halt()
	c.start() // ok: the buffer is empty
	c.kick <- struct{}{}
}
