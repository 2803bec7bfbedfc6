// Package crew counts its goroutines in a WaitGroup no importer can reach.
// Run as a dependency it exports no fact (the test has no want for one),
// though Run would carry "calls Done on p0.wg" in a package being checked.
package crew

import "sync"

type Crew struct {
	wg sync.WaitGroup
}

func (c *Crew) Run() {
	defer c.wg.Done()
}

func (c *Crew) Start() {
	c.wg.Add(1)
	go c.Run()
}

func (c *Crew) Stop() { c.wg.Wait() }
